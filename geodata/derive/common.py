"""Shared pieces of the dossier build: reading the raw files, writing features, positions,
the corrected Armenia–Azerbaijan border and the district outlines.

Used by build_layers.py (and by assets/derive/build_assets.py for the border). Every coordinate
here comes from a raw file or from a published position listed in POSITIONS with its source.
"""
import csv
import json
import math
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import linemerge, nearest_points, polygonize, substring, unary_union

DOC = "000_fc013494f2dd923c"


def ex(quote):
    return {"doc": DOC, "quote": quote}


def load(raw, name):
    return json.loads((Path(raw) / name).read_text(encoding="utf-8"))


def rounded(geom, digits=5):
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        # Snapped to the grid the file is written at, so the written rings stay valid (rounding
        # alone can make a ring cross itself or a thin hole collapse to a line).
        geom = polygonal(geom, 10 ** -digits)
    # RFC 7946: outer rings counter-clockwise, holes clockwise.
    if geom.geom_type == "Polygon":
        geom = orient(geom, 1.0)
    elif geom.geom_type == "MultiPolygon":
        geom = MultiPolygon([orient(p, 1.0) for p in geom.geoms])

    def r(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            return [round(c[0], digits), round(c[1], digits)]
        return [r(x) for x in c]

    g = mapping(geom)
    return {"type": g["type"], "coordinates": r(g["coordinates"])}


FIELD_ORDER = ("id", "kind", "name", "short_name", "names", "held_by", "peacekeepers", "country",
               "valid_from", "valid_to", "date_note", "description", "excerpts", "source",
               "accuracy", "accuracy_note")


def feature(geom, **props):
    for key in ("valid_from", "valid_to"):
        props.setdefault(key, None)
    props.setdefault("excerpts", [])
    ordered = {k: props[k] for k in FIELD_ORDER if k in props}
    ordered.update({k: v for k, v in props.items() if k not in ordered})
    clean = {k: v for k, v in ordered.items() if v is not None or k in ("valid_from", "valid_to")}
    return {"type": "Feature", "properties": clean, "geometry": rounded(geom)}


def write(out_dir, name, title, features):
    """One feature per line: its properties readable, its coordinates compact, so a change to a
    feature is one line in a diff and the big areas do not fill the file with line breaks."""
    path = Path(out_dir) / f"{name}.geojson"
    head = json.dumps({"type": "FeatureCollection", "name": title}, ensure_ascii=False)[:-1]
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    text = head + ',"features":[\n' + body + "\n]}"
    path.write_text(text + "\n", encoding="utf-8")
    print(f"{path}: {len(features)} features, {len(text)} bytes")


def geodesic_km(lat1, lon1, lat2, lon2):
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def km2(geom):
    """Area in km² on a local equal-area approximation (good to well under 1 % at 40° N)."""
    if geom.is_empty:
        return 0.0
    lat0 = math.radians(geom.centroid.y)
    kx, ky = 111.320 * math.cos(lat0), 110.574
    return shapely.transform(geom, lambda c: c * [kx, ky]).area


# --- positions --------------------------------------------------------------------------------
def geonames(raw):
    """GeoNames positions of the key towns (raw target_places.csv), by GeoNames name."""
    out = {}
    with open(Path(raw) / "target_places.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[row["geonames_name"]] = (float(row["lat"]), float(row["lon"]), int(row["geonameid"]))
    return out


def geonames_place(raw, name):
    """A place of the raw GeoNames extract (cities500), by its GeoNames name."""
    for f in load(raw, "geonames_places_bbox.geojson")["features"]:
        if f["properties"]["name"] == name:
            lon, lat = f["geometry"]["coordinates"]
            return lat, lon, f["properties"]["geonameid"]
    raise KeyError(name)


# Published positions of places that the raw GeoNames extract lacks: (lat, lon, source). Checked
# in December 2026 with the project's search tool against the pages named (mostly the
# coordinates of Wikipedia infoboxes, read from stored copies).
POSITIONS = {
    "aghavno": (39.58972, 46.54333, 'Wikipedia "Aghavno" / "Zabukh" (39.58972 N, 46.54333 E)'),
    "mets-shen": (39.65833, 46.60194, 'Wikipedia "Mets Shen, Shusha" (39.65833 N, 46.60194 E)'),
    "airport": (39.90139, 46.78694, 'Wikipedia "Stepanakert Airport", ICAO UBBS (39.90139 N, 46.78694 E)'),
    "dashalty-junction": (39.75194, 46.72889, 'Wikipedia "Blockade of Nagorno-Karabakh", infobox (39.75194 N, 46.72889 E)'),
    "sus": (39.62694, 46.51278, 'Wikipedia "Sus, Lachin" (39°37′37″ N, 46°30′46″ E)'),
    "berkadzor": (39.87611, 46.78167, 'Wikipedia "Berkadzor" (39°52′34″ N, 46°46′54″ E)'),
    "dadivank": (40.16139, 46.28778, 'Wikipedia (ru) "Дадиванк" (40°09′41″ N, 46°17′16″ E)'),
    "talish": (40.38139, 46.74083, 'Wikipedia "Talish, Tartar" (40.38139 N, 46.74083 E)'),
    "madaghis": (40.33139, 46.72944, 'Wikipedia "Madagiz" (40°19′53″ N, 46°43′46″ E)'),
    "karin-tak": (39.74167, 46.74917, 'Wikipedia "Dashalty" (39.74167 N, 46.74917 E)'),
    "sghnakh": (39.72111, 46.79972, 'Wikipedia (it) "Sığnaq" (39.72111 N, 46.79972 E)'),
    "avetaranots": (39.70306, 46.83056, 'Wikipedia (ru) "Аветараноц" (39.70306 N, 46.83056 E)'),
    "mets-tagher": (39.61833, 46.95472, 'Wikipedia "Boyuk Taghlar" (39°37′06″ N, 46°57′17″ E)'),
    "tugh": (39.585, 46.96528, 'Wikipedia "Tugh" (39.585 N, 46.96528 E)'),
    "azokh": (39.62056, 46.97833, 'Wikipedia "Azykh" (39.62056 N, 46.97833 E)'),
    "mokhrenes": (39.56944, 46.92972, 'Wikipedia "Susanlıq" (39.56944 N, 46.92972 E)'),
    "hin-tagher": (39.5075, 46.82361, 'Wikipedia "Hin Tagher" (39.5075 N, 46.82361 E)'),
    "khtsaberd": (39.54583, 46.77083, 'Wikipedia "Çaylaqqala" (39.54583 N, 46.77083 E)'),
    "shosh": (39.77, 46.78472, 'Wikipedia "Shosh" (39.77 N, 46.78472 E)'),
    "yeghtsahogh": (39.67722, 46.5875, 'Wikipedia "Yeghtsahogh" (39.67722 N, 46.5875 E)'),
    "taghavard": (39.668111, 46.920194, 'Wikipedia "Tagavard" (39.668111 N, 46.920194 E)'),
    "charektar": (40.14556, 46.34444, 'Wikipedia "Charektar" (40°08′44″ N, 46°20′40″ E)'),
    "chartar": (39.74194, 47.03444, 'Wikipedia (ru) "Чартар" (39°44′31″ N, 47°02′04″ E)'),
    "bulutan": (39.53722, 47.08028, 'Wikipedia "Bulutan" (39°32′14″ N, 47°04′49″ E)'),
    "melikjanli": (39.52639, 47.07972, 'Wikipedia "Məlikcanlı" (39°31′35″ N, 47°04′47″ E)'),
    "tagaser": (39.51889, 47.01167, 'Wikipedia "Taghaser" (39°31′08″ N, 47°00′42″ E)'),
    "dudukchu": (39.57444, 47.05139, 'Wikipedia "Düdükçü" (39°34′28″ N, 47°03′05″ E)'),
    "edilli": (39.56083, 47.06917, 'Wikipedia "Edilli" (39°33′39″ N, 47°04′09″ E)'),
    "khirmanjig": (39.54889, 47.08611, 'Wikipedia (ru) "Хырманджык" (39°32′56″ N, 47°05′10″ E)'),
    "akhullu": (39.56667, 47.09222, 'Wikipedia "Axullu" (39°34′00″ N, 47°05′32″ E)'),
    "ataqut": (39.56972, 46.96194, 'Wikipedia "Ataqut" (39°34′11″ N, 46°57′43″ E)'),
    "tsakuri": (39.56972, 46.98361, 'Wikipedia "Tsakuri" (39°34′11″ N, 46°59′01″ E)'),
    "boyuk-marjanli": (39.36111, 47.24694, 'Wikipedia (ru) "Бёюк Марджанлы" (39°21′40″ N, 47°14′49″ E)'),
    "nuzgar": (39.41667, 47.22361, 'Wikipedia (ru) "Нузгер" (39°25′00″ N, 47°13′25″ E)'),
    "karkhulu": (39.34361, 47.19639, 'Wikipedia (ru) "Кархулу" (39°20′37″ N, 47°11′47″ E)'),
    "shukurbayli": (39.31694, 47.14306, 'Wikipedia (ru) "Шукюрбейли" (39°19′01″ N, 47°08′35″ E)'),
    "yukhari-maralyan": (39.33361, 47.19611, 'Wikipedia (ru) "Юхары-Маралян" (39°20′01″ N, 47°11′46″ E)'),
    "charakan": (39.41139, 47.065, 'Wikipedia "Çərəkən" (39°24′41″ N, 47°03′54″ E)'),
    "horovlu": (39.4, 47.09472, 'Wikipedia "Horovlu" (39°24′00″ N, 47°05′41″ E)'),
    "karmir-shuka": (39.67583, 46.94861, 'Wikipedia "Karmir Shuka" (39°40′33″ N, 46°56′55″ E)'),
    "sos": (39.71278, 47.00917, 'Wikipedia "Sos, Nagorno-Karabakh" (39°42′46″ N, 47°00′33″ E)'),
    "drmbon": (40.14667, 46.6075, 'Wikipedia (ru) "Дрмбон" (40°08′48″ N, 46°36′27″ E)'),
    "vank": (40.05778, 46.54556, 'Wikipedia "Vank, Karabakh" (40°03′28″ N, 46°32′44″ E)'),
    "parukh": (40.01944, 46.80111, 'Wikipedia (ru) "Парух" (40°01′10″ N, 46°48′04″ E)'),
    "gulabird": (39.48, 46.60861, 'Wikipedia "Güləbird" (39.48 N, 46.60861 E)'),
    "kend-horadiz": (39.45111, 47.23556, 'Wikipedia (az) "Horadiz (kənd)" (39.45111 N, 47.23556 E)'),
    "garakhanbeyli": (39.59944, 47.26722, 'Wikipedia (ru) "Гараханбейли" (39.59944 N, 47.26722 E)'),
    "khudafarin": (39.15056, 46.94, 'Wikipedia (de) "Chudafarin-Brücken" (39°9′2″ N, 46°56′24″ E)'),
    "aghband": (38.9, 46.56667, 'Wikipedia (ru) "Агбенд" (38°54′ N, 46°34′ E: to the arc-minute only, about ±1 km)'),
}


def pos(name):
    lat, lon, _ = POSITIONS[name]
    return Point(lon, lat)


# --- the Armenia–Azerbaijan border in the corridor area ------------------------------------------
# Natural Earth's 1:10m border runs about 400 m west of Kornidzor, putting that Armenian village
# in Azerbaijan. The full-resolution GSHHG 2.3.7 / WDBII border puts it 1.45 km inside Armenia
# and passes about 50 m from where the Hakari bridge is believed to be. Along the whole
# Armenia–Azerbaijan border the two lines run 0.5–2 km apart; they meet (within 0.5 km) south
# of Goris at about 39.45° N and west of Kalbajar at about 40.10° N. Between those two points the
# GSHHG line is used, so the jogs where the lines are joined are small and far from the corridor.
BORDER_SOUTH = (46.41, 39.452)
BORDER_NORTH = (45.93, 40.098)


def _between(line, a, b):
    """The part of `line` (a LineString) between the points nearest to a and b."""
    da, db = line.project(Point(a)), line.project(Point(b))
    return substring(line, min(da, db), max(da, db))


def _longest_through(lines, a, b):
    merged = linemerge(unary_union(lines))
    parts = list(getattr(merged, "geoms", [merged]))
    near = [p for p in parts if p.distance(Point(a)) < 0.02 and p.distance(Point(b)) < 0.02]
    if not near:
        raise ValueError("no single line runs past both ends of the border window")
    return max(near, key=lambda p: p.length)


def corrected_border(raw, armenia, azerbaijan):
    """Armenia and Azerbaijan with the GSHHG border between BORDER_SOUTH and BORDER_NORTH.

    Returns (armenia, azerbaijan, patch_line, changed_km2): the slivers between the two lines
    change hands, so the two countries still share one edge, with no gap and no overlap.
    """
    shared = armenia.boundary.intersection(azerbaijan.boundary)
    shared = [g for g in getattr(shared, "geoms", [shared]) if g.geom_type == "LineString"]
    ne_line = _between(_longest_through(shared, BORDER_SOUTH, BORDER_NORTH), BORDER_SOUTH, BORDER_NORTH)
    gshhg = shape(load(raw, "gshhg237_wdbii_border_full_bbox.geojson")["features"][0]["geometry"])
    g_line = _between(_longest_through(list(gshhg.geoms), BORDER_SOUTH, BORDER_NORTH),
                      BORDER_SOUTH, BORDER_NORTH)
    joins = []
    for end in (BORDER_SOUTH, BORDER_NORTH):
        a = nearest_points(ne_line, Point(end))[0]
        b = nearest_points(g_line, Point(end))[0]
        joins.append(LineString([a, b]))
    slivers = list(polygonize(unary_union([ne_line, g_line] + joins)))
    changed = 0.0
    for s in slivers:
        probe = s.representative_point()
        if azerbaijan.contains(probe):
            azerbaijan, armenia = azerbaijan.difference(s), armenia.union(s)
        elif armenia.contains(probe):
            armenia, azerbaijan = armenia.difference(s), azerbaijan.union(s)
        else:
            continue
        changed += km2(s)
    patch = unary_union([g_line] + joins)
    return polygonal(armenia, None), polygonal(azerbaijan, None), patch, changed


def polygonal(geom, grid=1e-7):
    """The areas of a geometry, as a valid (Multi)Polygon: overlay results can carry stray lines
    and points. With `grid`, coordinates are first snapped to it (None keeps them exact, so
    that edges shared with untouched neighbours stay identical)."""
    if grid:
        geom = shapely.set_precision(geom, grid)
    geom = shapely.make_valid(geom)
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
    polys = [p for g in parts for p in getattr(g, "geoms", [g])]
    return unary_union(polys) if polys else Polygon()


# --- districts -----------------------------------------------------------------------------------
def district_polygons(raw, azerbaijan, corrected=None):
    """Azerbaijan's rayons near Karabakh, from the raw Natural Earth admin-1 lines (which carry no
    names): the lines are noded with the country outline, loose ends under 0.06° are joined to
    the nearest line (the extract's lines stop short of the outline here and there), and the
    faces are named by the GeoNames town inside. Returns {name: polygon}.
    """
    lines = [shape(f["geometry"]) for f in load(raw, "ne_10m_admin_1_states_provinces_lines_bbox.geojson")["features"]]
    segs = [g for l in lines for g in getattr(l, "geoms", [l])]
    net = unary_union(segs + [azerbaijan.boundary])
    for _ in range(4):
        _polys, _cuts, dangles, _invalid = shapely.polygonize_full([net])
        joins = []
        for d in dangles.geoms:
            for end in (Point(d.coords[0]), Point(d.coords[-1])):
                rest = net.difference(d.buffer(1e-7))
                dist = end.distance(rest)
                touching = net.intersection(end.buffer(1e-7)).length
                if 1e-9 < dist < 0.06 and touching < 1e-6:
                    joins.append(LineString([end, nearest_points(end, rest)[1]]))
        if not joins:
            break
        net = unary_union([net] + joins)
    faces = [p for p in polygonize(net) if azerbaijan.buffer(0.001).contains(p)]
    towns = {f["properties"]["name"]: Point(f["geometry"]["coordinates"])
             for f in load(raw, "geonames_places_bbox.geojson")["features"]}
    # Each rayon by a town inside it (GeoNames names). Lachin town falls in the Natural Earth
    # Shusha face, which is drawn too far west; the district of Lachin is found by Sus (its
    # published position), a village of Lachin district west of the town. Jabrayil town falls in
    # the Khojavend face and no place of the extract lies in the Jabrayil face: it is found by the
    # point halfway from the town to the Khudafarin bridges on the Aras, the district's south edge.
    probes = {
        "kalbajar": towns["Kalbajar"], "lachin": pos("sus"),
        # The town of Shusha is a face of its own inside the rayon's.
        "shusha": towns["Shusha"], "shusha-rayon": pos("mets-shen"),
        "kubatly": towns["Qubadlı"], "zangilan": towns["Zangilan"], "jabrayil": LineString([towns["Jabrayil"], pos("khudafarin")]).interpolate(0.5, normalized=True),
        "khojavend": towns["Khojavend"], "khojaly": towns["Khojaly"], "aghdam": towns["Aghdam"],
        "tartar": towns["Tartar"], "khankendi": towns["Khankendi"],
    }
    out = {}
    for name, probe in probes.items():
        hits = [f for f in faces if f.contains(probe)]
        if len(hits) != 1:
            raise ValueError(f"district {name}: {len(hits)} faces contain its probe")
        out[name] = hits[0]
    out["shusha"] = out["shusha"].union(out.pop("shusha-rayon"))
    if corrected is not None:
        gained = corrected.difference(azerbaijan)
        out = {k: polygonal(v.intersection(corrected), None) for k, v in out.items()}
        for piece in getattr(gained, "geoms", [gained]):
            if piece.geom_type != "Polygon" or piece.area < 1e-9:
                continue
            shared = {k: v.boundary.intersection(piece.buffer(1e-6)).length for k, v in out.items()}
            best = max(shared, key=shared.get)
            if shared[best] > 0:
                out[best] = polygonal(out[best].union(piece), None)
        out = {k: polygonal(v) for k, v in out.items()}
    return out


def patched_border_lines(raw, lines):
    """Border lines (Natural Earth's, as shapely lines) with the Armenia–Azerbaijan stretch
    between BORDER_SOUTH and BORDER_NORTH replaced by the GSHHG line, as corrected_border does
    for the country polygons, so the drawn border and the polygons agree."""
    gshhg = shape(load(raw, "gshhg237_wdbii_border_full_bbox.geojson")["features"][0]["geometry"])
    g_line = _between(_longest_through(list(gshhg.geoms), BORDER_SOUTH, BORDER_NORTH),
                      BORDER_SOUTH, BORDER_NORTH)
    out, patched = [], 0
    for line in lines:
        parts = list(getattr(line, "geoms", [line]))
        merged = linemerge(unary_union(parts)) if len(parts) > 1 else parts[0]
        pieces = list(getattr(merged, "geoms", [merged]))
        new = []
        for piece in pieces:
            near = piece.distance(Point(BORDER_SOUTH)) < 0.02 and piece.distance(Point(BORDER_NORTH)) < 0.02
            if not near:
                new.append(piece)
                continue
            ds, dn = piece.project(Point(BORDER_SOUTH)), piece.project(Point(BORDER_NORTH))
            lo, hi = min(ds, dn), max(ds, dn)
            a, b = piece.interpolate(lo), piece.interpolate(hi)
            ga = nearest_points(g_line, a)[0]
            gb = nearest_points(g_line, b)[0]
            mid = substring(g_line, min(g_line.project(ga), g_line.project(gb)),
                            max(g_line.project(ga), g_line.project(gb)))
            for seg in (substring(piece, 0, lo), LineString([a, ga]), mid, LineString([gb, b]),
                        substring(piece, hi, piece.length)):
                if seg.length > 0:
                    new.append(seg)
            patched += 1
        union = unary_union(new)
        out.append(linemerge(union) if union.geom_type == "MultiLineString" else union)
    if patched != 1:
        raise ValueError(f"expected one border line past both ends of the window, found {patched}")
    return out
