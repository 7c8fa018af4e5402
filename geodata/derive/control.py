"""Control of territory through time: who held what, from January 1992 to June 2024.

No published line of control exists in the raw material except the 1994 cease-fire line, so
the areas are built from what is public, and every one is marked approximate:

* The ground is the area held by Armenian forces at the 1994 cease-fire (Azerbaijan west of the
  Natural Earth "Ceasefire Line 1994"), cut into pieces three ways:
  - by district (Azerbaijan's rayons from the raw admin-1 lines) and by the old oblast (NKAO):
    the first war is told by district, as the sources tell it;
  - by the Voronoi cells of the places whose fate in the 2020 war is published: a piece goes
    with the nearest such place on its side of the oblast's boundary, so the front of a given
    day runs halfway between a place announced taken and a place still held;
  - by the two Lachin corridors (5 km wide, as the 2020 statement says, around the roads).
* Each piece has a history: from whom to whom, on which day. Each day interval between two
  changes becomes one feature per holder: the union of the pieces that holder had then.

The dates and their sources are in WAR1, SEEDS and the constants below; SOURCES.md says the same
in words.
"""
import datetime as dt
import math

import shapely
from shapely.geometry import MultiPoint, Point
from shapely.ops import unary_union

from common import ex, feature, km2, polygonal, pos

D = dt.date.fromisoformat
START = D("1992-01-01")          # first day of the series: see the NKAO note below
END = D("2024-06-12")            # the peacekeepers' withdrawal completed: the series ends
CEASEFIRE_2020 = D("2020-11-10")
COLLAPSE = D("2023-09-20")       # cease-fire at 13:00; the Karabakh forces to disarm

ARM, AZE, RUS = "armenian-forces", "azerbaijan", "russian-peacekeepers"

# --- the first war (1992–1994), by district --------------------------------------------------
# Outside the oblast: the day Armenian forces took the district (its town), and the note.
WAR1_DISTRICTS = {
    "lachin": ("1992-05-18", "Lachin (Berdzor) taken on 18 May 1992 (both sides give this date: westernarmeniatv.com/en/66102; qarabag.com); one Azerbaijani memoir (turan.az) says a northern strip of the district held out until 1993"),
    "kalbajar": ("1993-04-03", "Kalbajar taken between 1 and 5 April 1993, the town on 3 April (Wikipedia \"Battle of Kalbajar\"; AP gives 1 April); the Omar pass in the north held only from 18 February 1994 (realkarabakh.com)"),
    "aghdam": ("1993-07-23", "Aghdam taken on 23 July 1993 (Wikipedia \"Battle of Aghdam\"; NYT, 25 July 1993); the district only in part, about 882 of 1,094 km² by Azerbaijan's figure (trend.az)"),
    "jabrayil": ("1993-08-23", "Jabrayil taken between 23 August (Azerbaijan's date) and early September 1993 (NYT, 5 September 1993), all but the village of Jojug Marjanli (Wikipedia)"),
    "kubatly": ("1993-08-31", "Kubatly taken on 31 August 1993 (Azerbaijan's date, today.az; NYT of 5 September: fallen \"in the last week\")"),
    "zangilan": ("1993-10-29", "Zangilan taken on 29 October 1993 (Azerbaijan's date, report.az; other sources 28 October – 1 November)"),
    "rest": ("1993-08-23", "Fuzuli taken on 23 August 1993 (NYT, 23 August 1993); only the west and centre of the district, its east with Horadiz staying with Azerbaijan"),
}
NKAO_NOTE = ("No single day is published: Azerbaijan's special police left Stepanakert in January 1992 "
             "(azvision.az), the last Soviet unit (the 366th regiment) in early March 1992 (Baltimore Sun, "
             "3 March 1992), and by the spring of 1992 the oblast's Armenian-populated areas were held by "
             "the Karabakh Armenian forces (Human Rights Watch, 1993); drawn from 1 January 1992")
SHUSHA_1992 = ("1992-05-08", "Shusha taken on 8–9 May 1992 (Wikipedia \"Battle of Shusha (1992)\"; Azerbaijan gives 8 May)")
KHOJALY_1992 = ("1992-02-26", "Khojaly taken on the night of 25–26 February 1992 (Human Rights Watch, 1992)")
GORANBOY = ("1992-07-04", "Azerbaijan's summer offensive (Operation Goranboy, from 12 June 1992) took much of the Martakert district, the town on 4 July 1992 (memim.com; an Artsakh MFA statement)")
MARTAKERT_1993 = ("1993-06-27", "Armenian forces retook Martakert on 27 June 1993 (armenianhistory.info; AFP via hina.hr, 29 June 1993)")
TALISH_1994 = ("1994-04-15", "Talish, Madaghis and nearby villages retaken by Armenian forces in mid-April 1994 (realkarabakh.com/en/1994); drawn from 15 April")

# --- the 2020 war and after: places with a published fate ----------------------------------------
# name → (position, fate, note). Fate: ("taken", day) as announced by Azerbaijan; ("held",) stayed
# with the Armenian side until September 2023; ("until", day) held until that day (exclusive).
def _gn(geo, name):
    lat, lon, _ = geo[name]
    return Point(lon, lat)


def seeds(geo, geo_place):
    taken = lambda day, note: ("taken", day, note)
    held = ("held", None, None)
    return {
        # In the old oblast.
        "stepanakert": (_gn(geo, "Khankendi"), held),
        "khojaly": (_gn(geo, "Khojaly"), held),
        "airport": (pos("airport"), held),
        "askeran": (_gn(geo, "Askyaran"), held),
        "martakert": (_gn(geo, "Martakert"), held),
        "martuni": (_gn(geo, "Khojavend"), held),
        "berkadzor": (pos("berkadzor"), held),
        "shosh": (pos("shosh"), ("held", None, "Azerbaijan announced Shosh taken on 9 November 2020; it stayed with the Armenian side (Wikipedia (ru) \"Шушикенд\")")),
        "mets-shen": (pos("mets-shen"), held),
        "yeghtsahogh": (pos("yeghtsahogh"), held),
        "lisagor": (Point(*reversed(geo_place("Turshsu")[:2])), held),
        "charektar": (pos("charektar"), ("held", None, "Charektar and Aknaberd, villages of the old oblast's Martakert district, stayed with the Armenian side when Kalbajar district was returned (armedia.am/eng/news/89831)")),
        "chartar": (pos("chartar"), ("held", None, "Chartar, in the Martuni district, stayed with the Armenian side (artsakhpress.am/eng/news/153490, November 2021)")),
        "karmir-shuka": (pos("karmir-shuka"), ("held", None, "Karmir Shuka stayed with the Armenian side until 2023 and became a border village (Wikipedia \"Karmir Shuka\"; caucasianknot.org/articles/57877)")),
        "sos": (pos("sos"), ("held", None, "Sos stayed with the Armenian side until 2023 (Wikipedia \"Sos, Nagorno-Karabakh\")")),
        "drmbon": (pos("drmbon"), ("held", None, "Drmbon stayed with the Armenian side until 2023 (AZERTAC via step1.am)")),
        "vank": (pos("vank"), ("held", None, "Vank and the Gandzasar monastery stayed with the Armenian side: the Artsakh leader attended Christmas mass at Gandzasar 'near the village of Vank (Artsakh)' after the war (armenews.com, article 74420); an Easter service there on 3 April 2021 (1lurer.am)")),
        "taghavard": (pos("taghavard"), ("held", None, "Taghavard was split: its upper part went to Azerbaijan on 9 November 2020, the lower part stayed Armenian (CivilNet via armenianclub.com, 8 December 2020)")),
        "talish": (pos("talish"), taken("2020-10-03", "Azerbaijan announced Talish taken on 3 October 2020; the Armenian defence ministry said on 12 October it was fully held (yerepouni-news.com); Azerbaijan held it after the war")),
        "madaghis": (pos("madaghis"), taken("2020-10-03", "Azerbaijan announced Madaghis (renamed Sugovushan) taken on 3 October 2020 (report.az); the Artsakh Defence Army called it false on 4 October (armenpress.am/eng/news/1030292)")),
        "hadrut": (_gn(geo, "Hadrut"), taken("2020-10-09", "Azerbaijan announced Hadrut taken on 9 October 2020; Armenian officials denied it on 9–12 October; independent sources put its fall on 14 or 15 October (Wikipedia \"Hadrut Province\")")),
        "shusha": (_gn(geo, "Shusha"), taken("2020-11-08", "Azerbaijan announced Shusha taken on 8 November 2020; the Artsakh presidential spokesman confirmed it on 9 November (azatutyun.am)")),
        "karin-tak": (pos("karin-tak"), taken("2020-11-09", "Karin Tak (Dashalty), below Shusha, taken by Azerbaijan on 9 November 2020 (Wikipedia \"Dashalty\"); an Armenian outlet (westernarmeniatv.com) agrees it was lost in the war")),
        "sghnakh": (pos("sghnakh"), taken("2020-11-09", "Announced by Azerbaijan on 9 November 2020 (azernews.az/karabakh/172374)")),
        "avetaranots": (pos("avetaranots"), taken("2020-11-09", "Announced by Azerbaijan on 9 November 2020 (azernews.az/karabakh/172374)")),
        "bulutan": (pos("bulutan"), taken("2020-10-14", "Bulutan, Melikjanli, Kemertuk, Teke and Tagaser announced taken by Azerbaijan on 14 October 2020 (today.az/news/politics/198665)")),
        "melikjanli": (pos("melikjanli"), taken("2020-10-14", "Announced by Azerbaijan on 14 October 2020 (today.az/news/politics/198665)")),
        "tagaser": (pos("tagaser"), taken("2020-10-14", "Announced by Azerbaijan on 14 October 2020 (today.az/news/politics/198665)")),
        "dudukchu": (pos("dudukchu"), taken("2020-10-15", "Dudukchu, Edilli and nearby villages announced taken by Azerbaijan on 15 October 2020 (anews.com.tr)")),
        "edilli": (pos("edilli"), taken("2020-10-15", "Announced by Azerbaijan on 15 October 2020 (anews.com.tr)")),
        "khirmanjig": (pos("khirmanjig"), taken("2020-10-16", "Khirmanjig, Agbulag and Akhullu announced taken by Azerbaijan on 16 October 2020 (anews.com.tr)")),
        "akhullu": (pos("akhullu"), taken("2020-10-16", "Announced by Azerbaijan on 16 October 2020 (anews.com.tr)")),
        "ataqut": (pos("ataqut"), taken("2020-11-07", "Ataqut and Tsakuri announced taken by Azerbaijan on 7 November 2020 (noticiabrasil.net.br; Wikipedia \"Ataqut\")")),
        "tsakuri": (pos("tsakuri"), taken("2020-11-07", "Announced by Azerbaijan on 7 November 2020 (Wikipedia \"Tsakuri\")")),
        "mets-tagher": (pos("mets-tagher"), taken("2020-11-09", "Taken on 9 November 2020 (Wikipedia \"Boyuk Taghlar\")")),
        "tugh": (pos("tugh"), taken("2020-11-09", "Announced by Azerbaijan on 9 November 2020 (azernews.az/karabakh/172374)")),
        "azokh": (pos("azokh"), taken("2020-11-09", "Announced by Azerbaijan on 9 November 2020 (azernews.az/karabakh/172374); the Armenian defence ministry reported fighting there on 26 October")),
        "mokhrenes": (pos("mokhrenes"), taken("2020-11-09", "Announced by Azerbaijan on 9 November 2020 (azernews.az/karabakh/172374)")),
        "hin-tagher": (pos("hin-tagher"), ("until", "2020-12-12", "Hin Tagher and Khtsaberd, left with the Armenian side by the cease-fire, were taken by Azerbaijan on 12 December 2020 (news.am/eng/news/618672; azatutyun.am)")),
        "khtsaberd": (pos("khtsaberd"), ("until", "2020-12-12", "Taken by Azerbaijan on 12 December 2020 (news.am/eng/news/618672)")),
        # Outside the old oblast.
        "kend-horadiz": (pos("kend-horadiz"), taken("2020-09-27", "Azerbaijan's defence ministry announced the village of Horadiz and five other villages of the Fuzuli and Jabrayil districts taken on 27 September 2020 (azernews.az/karabakh/169428); Armenia said this \"did not reflect the reality on the ground\"")),
        "boyuk-marjanli": (pos("boyuk-marjanli"), taken("2020-09-27", "Boyuk Marjanli and Nuzgar, in Jabrayil district, announced taken by Azerbaijan's defence ministry on 27 September 2020 (azernews.az/karabakh/169428)")),
        "nuzgar": (pos("nuzgar"), taken("2020-09-27", "Announced by Azerbaijan on 27 September 2020 (azernews.az/karabakh/169428)")),
        "karkhulu": (pos("karkhulu"), taken("2020-10-04", "Nine villages of Jabrayil district announced taken with the town on 4 October 2020 (azernews.az/nation/169969)")),
        "shukurbayli": (pos("shukurbayli"), taken("2020-10-04", "Announced by Azerbaijan on 4 October 2020 (azernews.az/nation/169969)")),
        "yukhari-maralyan": (pos("yukhari-maralyan"), taken("2020-10-04", "Announced by Azerbaijan on 4 October 2020 (azernews.az/nation/169969)")),
        "charakan": (pos("charakan"), taken("2020-10-04", "Announced by Azerbaijan on 4 October 2020 (azernews.az/nation/169969)")),
        "horovlu": (pos("horovlu"), taken("2020-10-04", "Announced by Azerbaijan on 4 October 2020 (azernews.az/nation/169969)")),
        "garakhanbeyli": (pos("garakhanbeyli"), taken("2020-09-27", "Announced by Azerbaijan on 27 September 2020 (azernews.az/karabakh/169428)")),
        "jabrayil": (_gn(geo, "Jabrayil"), taken("2020-10-04", "Azerbaijan announced Jabrayil taken on 4 October 2020 and again, with video, on 9 October; Armenia's defence ministry called the first claim a lie (caucasianknot.info/articles/52520)")),
        "fuzuli": (_gn(geo, "Fuzuli"), taken("2020-10-17", "Azerbaijan announced Fuzuli taken on 17 October 2020 (dailysabah.com); Armenia did not comment")),
        "khudafarin": (pos("khudafarin"), taken("2020-10-18", "Azerbaijan raised its flag on the Khudafarin bridges on 18 October 2020 (dailysabah.com)")),
        "zangilan": (_gn(geo, "Zangilan"), taken("2020-10-20", "Azerbaijan announced Zangilan taken on 20 October 2020 (anews.com.tr); the Armenian side acknowledged heavy fighting in the area")),
        "minjivan": (Point(*reversed(geo_place("Mincivan")[:2])), taken("2020-10-21", "Announced by Azerbaijan on 21 October 2020 (news.az)")),
        "aghband": (pos("aghband"), taken("2020-10-22", "Azerbaijan announced Aghband taken on 22 October 2020, completing its hold on the border with Iran (azernews.az/nation/232861)")),
        "kubatly": (_gn(geo, "Qubadlı"), taken("2020-10-25", "Azerbaijan announced Kubatly taken on 25 October 2020; Armenia's defence ministry confirmed it on 26 October (interfax.ru/734291)")),
        "gulabird": (pos("gulabird"), taken("2020-11-09", "The south of Lachin district (Gulabird and nearby villages) announced taken by Azerbaijan on 9 November 2020 (trend.az/azerbaijan/politics/3381056; Wikipedia \"Güləbird\")")),
    }


# Districts handed over under the statement of 10 November 2020 (outside the old oblast).
HANDOVER = {
    "aghdam": ("2020-11-20", "Aghdam district returned to Azerbaijan on 20 November 2020 (aljazeera.com, 20 November 2020), with villages the Karabakh side counted as Martakert and Askeran's (en.armradio.am, 18 November 2020)"),
    "kalbajar": ("2020-11-25", "Kalbajar district returned to Azerbaijan on 25 November 2020, postponed from 15 November (jam-news.net); the villages of the old oblast (Charektar, Aknaberd) stayed with the Armenian side (armedia.am/eng/news/89831)"),
    "lachin": ("2020-12-01", "Lachin district returned to Azerbaijan on 1 December 2020, but for the 5-km corridor (jam-news.net; commonspace.eu)"),
}
OLD_CORRIDOR = ("2020-12-01", "2022-08-26", "The 5-km Lachin corridor under the Russian peacekeepers (statement of 10 November 2020, point 6); Lachin (Berdzor), Aghavno and Sus stayed in it, run by the Karabakh authorities, until the Azerbaijani army entered them on 26 August 2022 (dailysabah.com; azernews.az/nation/198529)",
                "the old corridor ends: the Azerbaijani army entered Lachin (Berdzor), Aghavno and Sus on 26 August 2022; traffic kept to the old road until 20:00 on 30 August (massispost.com)")
NEW_CORRIDOR = ("2022-08-30", "2023-09-20", "The corridor along the new road, in use from 20:00 on 30 August 2022 (massispost.com; Russian MFA via urdupoint.com), under the Russian peacekeepers; Azerbaijan set up a checkpoint at its entrance on 23 April 2023 and halted all traffic but the Red Cross's in June–July 2023",
                "the corridor's regime ends with the offensive of 19–20 September 2023; the road opened for people leaving on 24 September")


def _buffer_km(geom, km):
    """A buffer of `km` around a lon/lat geometry, drawn in a local equal-distance frame."""
    lat0 = math.radians(geom.centroid.y)
    kx, ky = 111.320 * math.cos(lat0), 110.574
    local = shapely.transform(geom, lambda c: c * [kx, ky])
    return shapely.transform(local.buffer(km, quad_segs=8), lambda c: c / [kx, ky])


def _with_slivers(nkao, held, faces, outside, most_km2=45.0, shared=0.3):
    """The oblast with the slivers of held ground that the rayon outlines and the oblast's
    outline, drawn independently, leave between them: a part of a rayon outside the oblast that
    is small and runs along the oblast's edge for much of its outline counts as the oblast's,
    unless it holds one of the `outside` places (towns known to lie outside the oblast)."""
    out = [nkao]
    edge = nkao.boundary
    for face in faces.values():
        rest = polygonal(face.intersection(held).difference(nkao))
        for part in getattr(rest, "geoms", [rest]):
            if part.is_empty or km2(part) >= most_km2 or any(part.contains(p) for p in outside):
                continue
            along = part.boundary.intersection(edge.buffer(1e-5)).length
            if along >= shared * part.boundary.length:
                out.append(part)
    return polygonal(unary_union(out))


class Piece:
    def __init__(self, geom, face, in_nkao, seed, history_note):
        self.geom, self.face, self.in_nkao, self.seed = geom, face, in_nkao, seed
        self.note = history_note
        self.changes = []          # (day, holder, peacekeepers, note)
        self.overlays = []         # (first, last, holder, peacekeepers, note): corridors

    def state(self, day):
        """(day it began, holder, peacekeepers, note) on `day`, or None before the series."""
        current = None
        for change in self.changes:
            if change[0] <= day:
                current = change
        if current is None:
            return None
        for start, end, holder, pk, note, _end_note in self.overlays:
            if start <= day <= end and current[1] == AZE:
                return (max(start, current[0]), holder, pk, note)
        if current[1] == AZE:
            # Back to Azerbaijan the day after a corridor: that day is a change of its own.
            ended = [(end + dt.timedelta(days=1), end_note) for _s, end, _h, _p, _n, end_note in self.overlays
                     if end < day and end + dt.timedelta(days=1) > current[0]]
            if ended:
                back, end_note = max(ended)
                return (back, AZE, current[2], end_note)
        return current

    def days(self):
        out = {c[0] for c in self.changes}
        for start, end, *_rest in self.overlays:
            out |= {start, end + dt.timedelta(days=1)}
        return out


def build(held, nkao, districts, geo, geo_place, old_road, new_road, simplify=0.0004):
    """The control features, and the pieces (for the tests of this script)."""
    faces = dict(districts)
    faces["rest"] = held.difference(unary_union(list(districts.values())))
    outside = [_gn(geo, "Laçın"), pos("sus"), pos("aghavno")]
    nkao = _with_slivers(nkao, held, faces, outside)
    seed_list = seeds(geo, geo_place)
    names = list(seed_list)
    points = [seed_list[n][0] for n in names]
    inside = {n: nkao.contains(seed_list[n][0]) for n in names}
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=held.envelope.buffer(1.0))
    cell_of = {}
    for cell in cells.geoms:
        for n, p in zip(names, points):
            if cell.contains(p):
                cell_of[n] = cell
    # The corridors: 2.5 km each side of the road, where the ground would otherwise be
    # Azerbaijan's after 1 December 2020 (the statement's corridor bypasses Shusha).
    corridor_old = _buffer_km(old_road, 2.5)
    corridor_new = _buffer_km(new_road, 2.5)

    pieces = []
    for n in names:
        cell = cell_of[n]
        for face_name, face in faces.items():
            for in_nkao in (True, False):
                side = nkao if in_nkao else held.difference(nkao)
                base = polygonal(cell.intersection(face).intersection(side).intersection(held))
                if base.is_empty:
                    continue
                for cut_old in (True, False):
                    for cut_new in (True, False):
                        g = base
                        g = g.intersection(corridor_old) if cut_old else g.difference(corridor_old)
                        g = g.intersection(corridor_new) if cut_new else g.difference(corridor_new)
                        g = polygonal(g)
                        if g.is_empty or km2(g) < 1e-4:
                            continue
                        p = Piece(g, face_name, in_nkao, n, None)
                        p.in_old, p.in_new = cut_old, cut_new
                        pieces.append(p)

    # Outside the old oblast the first war and the handovers go by district. The rayons drawn
    # around the oblast (Shusha, Khojaly, Khojavend, Tartar, Khankendi) spill a little over its
    # edge; those slivers go with the nearest rayon of the surrounding districts.
    spill = {"shusha", "khojaly", "khojavend", "tartar", "khankendi"}
    outer = {k: v for k, v in faces.items() if k not in spill}

    def district_of(point, face):
        if face in outer:
            return face
        return min(outer, key=lambda k: outer[k].distance(point))

    seed_face = {n: next((k for k, f in faces.items() if f.contains(seed_list[n][0])), None) for n in names}
    seed_district = {n: district_of(seed_list[n][0], seed_face[n]) for n in names if not inside[n]}
    talish_group = ("talish", "madaghis")

    def nearest(candidates, probe):
        return min(candidates, key=lambda n: seed_list[n][0].distance(probe))

    for p in pieces:
        probe = p.geom.representative_point()
        if p.in_nkao:
            # The fate of the nearest place of the oblast.
            seed = p.seed if inside[p.seed] else nearest([n for n in names if inside[n]], probe)
            group = "talish" if seed in talish_group else None
        else:
            near_talish = p.face == "tartar" and nearest(names, probe) in talish_group
            group = "talish" if near_talish else district_of(probe, p.face)
            seed = p.seed if not inside[p.seed] else None
        # The first war.
        if p.in_nkao:
            if p.face == "shusha":
                p.changes += [(START, AZE, False, None), (D(SHUSHA_1992[0]), ARM, False, SHUSHA_1992[1])]
            elif seed in ("khojaly", "airport"):
                p.changes += [(START, AZE, False, None), (D(KHOJALY_1992[0]), ARM, False, KHOJALY_1992[1])]
            elif group == "talish":
                p.changes += [(START, ARM, False, NKAO_NOTE), (D(GORANBOY[0]), AZE, False, GORANBOY[1]),
                              (D(TALISH_1994[0]), ARM, False, TALISH_1994[1])]
            elif p.face == "tartar":
                p.changes += [(START, ARM, False, NKAO_NOTE), (D(GORANBOY[0]), AZE, False, GORANBOY[1]),
                              (D(MARTAKERT_1993[0]), ARM, False, MARTAKERT_1993[1])]
            else:
                p.changes += [(START, ARM, False, NKAO_NOTE)]
        elif group == "talish":
            p.changes += [(START, AZE, False, None), (D(TALISH_1994[0]), ARM, False, TALISH_1994[1])]
        else:
            day1, note1 = WAR1_DISTRICTS[group]
            p.changes += [(START, AZE, False, None), (D(day1), ARM, False, note1)]
        # The 2020 war and after: a district returned under the statement, unless a place of it
        # was taken in the war (the south of Lachin district); else the nearest place taken in the
        # same district; in the oblast, the fate of the nearest place of the oblast.
        if p.in_nkao:
            kind, day, note = seed_list[seed][1]
        elif group == "talish":
            kind, day, note = seed_list[nearest(list(talish_group), probe)][1]
        elif group in HANDOVER and not (seed and seed_list[seed][1][0] == "taken"):
            kind, day, note = "handover", *HANDOVER[group]
        else:
            taken = [n for n in names if not inside[n] and seed_list[n][1][0] == "taken"]
            same = [n for n in taken if seed_district[n] == group] or taken
            chosen = seed if seed in same else nearest(same, probe)
            kind, day, note = seed_list[chosen][1]
        if kind in ("taken", "handover"):
            p.changes += [(D(day), AZE, False, note)]
        else:
            p.changes += [(CEASEFIRE_2020, ARM, True, "The statement of 10 November 2020 froze the line where it stood; Russian peacekeepers deployed along it (primeminister.am, 10 November 2020)")]
            if kind == "until":
                p.changes += [(D(day), AZE, False, note)]
            else:
                p.changes += [(COLLAPSE + dt.timedelta(days=1), AZE, True, "After Azerbaijan's offensive of 19–20 September 2023 the Karabakh forces agreed to disarm (cease-fire at 13:00 on 20 September); Azerbaijani forces took over in the following weeks, the Russian peacekeepers stayed until June 2024")]
        # The corridors run over ground that is otherwise Azerbaijan's; the old one bypasses Shusha.
        bypass = p.in_nkao and seed in ("shusha", "karin-tak")
        if p.in_old and not bypass:
            p.overlays.append((D(OLD_CORRIDOR[0]), D(OLD_CORRIDOR[1]), RUS, True, OLD_CORRIDOR[2], OLD_CORRIDOR[3]))
        if p.in_new and not bypass:
            p.overlays.append((D(NEW_CORRIDOR[0]), D(NEW_CORRIDOR[1]), RUS, True, NEW_CORRIDOR[2], NEW_CORRIDOR[3]))
        p.changes.sort(key=lambda c: c[0])

    # One outline for all pieces: neighbours keep sharing their edges exactly.
    simplified = shapely.coverage_simplify([p.geom for p in pieces], simplify)
    for p, g in zip(pieces, simplified.geoms if hasattr(simplified, "geoms") else simplified):
        p.geom = polygonal(g)
    return _features(pieces), pieces


NAMES = {
    (ARM, False): "Held by Armenian forces",
    (ARM, True): "Held by Armenian forces; Russian peacekeepers deployed",
    (AZE, False): "Held by Azerbaijan",
    (AZE, True): "Held by Azerbaijan; Russian peacekeepers still deployed",
    (RUS, True): "Lachin corridor under the Russian peacekeepers",
}


def _excerpts(holder, pk, first, last):
    if holder == ARM and first <= D("1994-05-12") <= last:
        return [ex("A brutal war ensued, resulting in a cease-fire in 1994 that left Armenia in control of the region")]
    if holder == AZE and D("2020-09-27") <= first <= CEASEFIRE_2020:
        return [ex("In 2020, another war broke out, and Azerbaijan recaptured parts of Nagorno-Karabakh.")]
    if holder == RUS:
        return [ex("Russia dispatched peacekeepers to guard the Lachin Corridor, a crucial road connecting Nagorno-Karabakh to Armenia")]
    if holder == AZE and pk and first == COLLAPSE + dt.timedelta(days=1):
        return [ex("Azerbaijan declared victory, announcing the return of sovereignty to the region.")]
    return []


def _features(pieces):
    days = sorted({d for p in pieces for d in p.days() if START <= d <= END})
    bounds = days + [END + dt.timedelta(days=1)]
    out = []
    for first, nxt in zip(bounds, bounds[1:]):
        last = nxt - dt.timedelta(days=1)
        groups = {}
        changed = []
        for p in pieces:
            st = p.state(first)
            if st is None:
                continue
            began, holder, pk, note = st
            groups.setdefault((holder, pk), []).append(p.geom)
            # What changed on this very day, for the descriptions of that day's areas.
            if began == first and note and note not in changed:
                changed.append(note)
        description = (f"Changes on {first:%-d %B %Y}: " + "; ".join(changed) + ".") if changed else None
        for (holder, pk), geoms in sorted(groups.items()):
            geom = polygonal(unary_union(geoms))
            if geom.is_empty:
                continue
            tag = holder + ("-peacekeepers" if pk and holder != RUS else "")
            out.append(feature(
                geom, id=f"control-{tag}-{first.isoformat()}", kind="control", name=NAMES[(holder, pk)],
                held_by=holder, peacekeepers=pk,
                valid_from=first.isoformat(), valid_to=last.isoformat(),
                date_note="The day each place changed hands is the one given in the description; the areas between such places are drawn by rule (see the accuracy note).",
                description=description,
                excerpts=_excerpts(holder, pk, first, last),
                source="Derived in geodata/derive/control.py from the 1994 held area (Natural Earth), Azerbaijan's rayons (Natural Earth admin-1 lines), the NKAO outline and the published positions of the places named; dates from the sources in the description and in geodata/SOURCES.md",
                accuracy="approximate",
                accuracy_note="No line of control is published for these dates: districts are drawn whole as the sources speak of them, and within the old oblast and in the 2020 war the line runs halfway between a place announced taken and the nearest place still held (Voronoi cells of the places); the corridors are 5 km bands around roads drawn through waypoints.",
            ))
    return out
