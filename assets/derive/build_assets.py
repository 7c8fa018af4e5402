#!/usr/bin/env python3
"""Build the offline basemap in assets/basemap/ from the raw geographic material.

Usage (from the repository root):

    python3 assets/derive/build_assets.py ../shared/geodata-raw

Needs numpy, pillow and shapely (>= 2.0).  The output is deterministic: running it twice on the
same raw files gives byte-identical files.  See assets/basemap/SOURCES.md for what each output
holds and where it comes from.
"""

import json
import math
import os
import sys

import numpy as np
import shapely
from PIL import Image
from shapely.geometry import (LineString, MultiLineString, MultiPolygon, Point,
                              Polygon, mapping, shape)
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "..", "geodata", "derive")))
from common import patched_border_lines  # noqa: E402  (the same correction as the dossier's)
OUT = os.path.normpath(os.path.join(HERE, "..", "basemap"))

DECIMALS = 4
COUNTRY_TOLERANCE = 0.002   # degrees
LINE_TOLERANCE = 0.001      # degrees

# Relief box and grid (see globe_30s_*.json in the raw folder).
WEST, SOUTH, EAST, NORTH = 44.5, 38.8, 47.5, 40.8
GRID_ROWS, GRID_COLS = 240, 360
UPSAMPLE = 3
SUN_AZIMUTH = 315.0         # degrees clockwise from north
SUN_ALTITUDE = 45.0         # degrees above the horizon
EXAGGERATION = 3.0          # vertical exaggeration of the hillshade
# Source seams in the GLOBE tile: straight steps of some tens of metres along lat 39.992 N
# (one cell south of 40.0) and lon 47.0 E, edges of 1-degree source patches, which a hillshade
# shows as ruled lines across the flat lowlands.  Each step is measured along its length
# (running median, then smoothed) and spread out as a linear ramp over SEAM_RAMP cells per side.
SEAM_ROWS = [96]            # seam between grid rows 96 and 97 (lat 39.992)
SEAM_COLS = [299]           # seam between grid cols 299 and 300 (lon 47.0)
SEAM_RAMP = 10              # cells on each side over which a step is spread
SMOOTH_SIGMA = 2.0          # Gaussian sigma, in upsampled pixels, applied before shading
M_PER_DEG_LAT = 111_000.0   # metres per degree of latitude near 40 N (111,034 m)
MID_LAT = 39.8              # latitude used for the east-west cell size
SHADOW_RGB = (40, 45, 55)
SHADOW_MAX_ALPHA = 150
HIGHLIGHT_RGB = (255, 255, 255)
HIGHLIGHT_MAX_ALPHA = 60
# Hypsometric tint: (elevation m, R, G, B, alpha); linear in between, clamped outside.
TINT_STOPS = [
    (300, 214, 222, 178, 0),
    (700, 208, 220, 170, 40),
    (1200, 222, 220, 176, 65),
    (1800, 226, 208, 164, 85),
    (2500, 204, 172, 128, 110),
    (4000, 190, 156, 112, 110),
]



# ---------------------------------------------------------------- helpers

def load(raw, name):
    with open(os.path.join(raw, name), encoding="utf-8") as f:
        return json.load(f)["features"]


def write_geojson(name, features):
    """One feature per line: small, but still readable in a diff."""
    path = os.path.join(OUT, name)
    lines = ['{"type":"FeatureCollection","features":[']
    body = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    lines.append(",\n".join(body))
    lines.append("]}")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    return path


def round_coords(coords):
    """Round to DECIMALS and drop consecutive duplicates the rounding created."""
    out = []
    for x, y in coords:
        p = (round(x, DECIMALS), round(y, DECIMALS))
        if not out or out[-1] != p:
            out.append(p)
    return out


def round_line(line):
    pts = round_coords(line.coords)
    return LineString(pts) if len(pts) >= 2 else None


def round_lines(geom):
    parts = [round_line(l) for l in getattr(geom, "geoms", [geom])]
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiLineString(parts)


def round_polygon(poly):
    ext = round_coords(poly.exterior.coords)
    if len(ext) < 4:
        return None
    holes = [h for h in (round_coords(i.coords) for i in poly.interiors) if len(h) >= 4]
    return Polygon(ext, holes)


def round_polygons(geom):
    parts = [round_polygon(p) for p in getattr(geom, "geoms", [geom])]
    parts = [p for p in parts if p is not None and not p.is_empty]
    if not parts:
        return None
    out = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    if not out.is_valid:
        # Rounding can in principle make a ring touch itself; snap robustly instead.
        out = shapely.set_precision(geom, 10 ** -DECIMALS)
    return out


def ccw(geom):
    """RFC 7946: exterior rings counter-clockwise, holes clockwise."""
    if geom.geom_type == "Polygon":
        return orient(geom, sign=1.0)
    return MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])


def geometry_json(geom):
    m = mapping(geom)

    def fix(c):
        if isinstance(c, (list, tuple)):
            if c and isinstance(c[0], (int, float)):
                return [float(v) for v in c]
            return [fix(v) for v in c]
        return c
    return {"type": m["type"], "coordinates": fix(m["coordinates"])}


def feature(props, geom):
    return {"type": "Feature", "properties": props, "geometry": geometry_json(geom)}


def npoints(geom):
    return int(shapely.get_num_coordinates(geom))


# ---------------------------------------------------------------- vector layers

def simplify_shared(polys, tolerance):
    """Simplify polygons that share borders without opening gaps or overlaps between them.

    The rings are cut into arcs at the points where more than two faces meet (as TopoJSON
    does), every arc is simplified exactly once, all arcs together in one topology-preserving
    pass (so no arc may cross another or itself), and the faces are rebuilt from the simplified
    arcs.  Each face goes to the input polygon it overlaps most.
    """
    rings = []
    for g in polys:
        for p in getattr(g, "geoms", [g]):
            rings.append(LineString(p.exterior.coords))
            rings.extend(LineString(i.coords) for i in p.interiors)
    noded = unary_union(rings)                      # nodes and dissolves shared segments
    arcs = shapely.line_merge(noded)                # merge through degree-2 nodes
    arcs = list(getattr(arcs, "geoms", [arcs]))
    simplified = shapely.simplify(MultiLineString(arcs), tolerance, preserve_topology=True)
    faces = list(shapely.polygonize(list(simplified.geoms)).geoms)
    owners = [[] for _ in polys]
    for face in faces:
        overlaps = [face.intersection(g).area for g in polys]
        best = int(np.argmax(overlaps))
        if overlaps[best] > 0.5 * face.area:
            owners[best].append(face)
    return [unary_union(o) for o in owners], len(arcs)


def build_lines(raw, src, dst, props_of, tolerance, patch=False):
    feats = load(raw, src)
    shapes = [shape(f["geometry"]) for f in feats]
    if patch:
        shapes = patched_border_lines(raw, shapes)
    out = []
    n0 = n1 = 0
    for f, g0 in zip(feats, shapes):
        n0 += npoints(g0)
        g = shapely.simplify(g0, tolerance, preserve_topology=True)
        g = round_lines(g)
        if g is None:           # shorter than the rounding step
            continue
        n1 += npoints(g)
        out.append(feature(props_of(f["properties"]), g))
    write_geojson(dst, out)
    return [f"{dst}: {len(feats)} features -> {len(out)}, {n0} -> {n1} points"]


def build_places(raw):
    feats = load(raw, "geonames_places_bbox.geojson")
    out = []
    for f in feats:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        out.append({
            "type": "Feature",
            "properties": {"name": p["name"], "geonameid": int(p["geonameid"]), "cc": p["cc"],
                           "population": int(p["population"] or 0)},
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
        })
    out.sort(key=lambda f: (-f["properties"]["population"], f["properties"]["name"],
                            f["properties"]["geonameid"]))
    write_geojson("places.geojson", out)
    return [f"places: {len(out)}"]


# ---------------------------------------------------------------- relief

def read_grid(raw):
    with open(os.path.join(raw, "globe_30s_44.5_38.8_47.5_40.8.json"), encoding="utf-8") as f:
        layout = json.load(f)
    assert "240 rows x 360 cols" in layout["array"] and "row 0 = northern edge" in layout["array"]
    z = np.fromfile(os.path.join(raw, "globe_30s_44.5_38.8_47.5_40.8_int16le_360x240.raw"),
                    dtype="<i2")
    assert z.size == GRID_ROWS * GRID_COLS
    return z.reshape(GRID_ROWS, GRID_COLS).astype(np.float64)


def smooth1d(a, sigma):
    radius = int(math.ceil(3 * sigma))
    x = np.arange(-radius, radius + 1)
    k = np.exp(-0.5 * (x / sigma) ** 2)
    return np.convolve(np.pad(a, radius, mode="reflect"), k / k.sum(), mode="valid")


def running_median(a, window):
    half = window // 2
    p = np.pad(a, half, mode="reflect")
    return np.array([np.median(p[i:i + window]) for i in range(len(a))])


def seam_step(z, r):
    """Step across the seam between rows r and r+1, beyond what the neighbouring rows slope."""
    d = np.diff(z[r - 2:r + 4], axis=0)         # diffs r-2|r-1, r-1|r, r|r+1, r+1|r+2, r+2|r+3
    expected = np.median(d[[0, 1, 3, 4]], axis=0)
    step = d[2] - expected
    return smooth1d(running_median(step, 15), 4.0)


def repair_seams(z):
    """Remove the straight source-seam steps; returns the repaired grid and a report."""
    z = z.copy()
    notes = []
    for axis, seams in ((0, SEAM_ROWS), (1, SEAM_COLS)):
        for r in seams:
            g = z if axis == 0 else z.T                 # a view: edits land in z
            before = seam_step(g, r)
            for d in range(SEAM_RAMP):
                t = 1.0 - (d + 0.5) / SEAM_RAMP
                g[r - d] += 0.5 * before * t
                g[r + 1 + d] -= 0.5 * before * t
            after = seam_step(g, r)
            where = "lat %.3f" % (NORTH - (r + 1) / 120) if axis == 0 else \
                    "lon %.3f" % (WEST + (r + 1) / 120)
            notes.append(f"seam at {where}: step |median| {np.median(np.abs(before)):.1f} m, "
                         f"max {np.abs(before).max():.0f} m -> {np.median(np.abs(after)):.1f} m")
    return np.maximum(z, 0.0), notes


def upsample_bilinear(z, k):
    """k-times finer grid; output pixel centres sit at their true position inside the cells."""
    rows, cols = z.shape

    def axis(n):
        pos = (np.arange(n * k) + 0.5) / k - 0.5          # in source-cell-centre units
        pos = np.clip(pos, 0, n - 1)
        i0 = np.minimum(np.floor(pos).astype(int), n - 2)
        return i0, pos - i0
    r0, fr = axis(rows)
    c0, fc = axis(cols)
    fr = fr[:, None]
    fc = fc[None, :]
    a = z[r0][:, c0]
    b = z[r0][:, c0 + 1]
    c = z[r0 + 1][:, c0]
    d = z[r0 + 1][:, c0 + 1]
    return (a * (1 - fr) * (1 - fc) + b * (1 - fr) * fc + c * fr * (1 - fc) + d * fr * fc)


def gaussian(z, sigma):
    """Separable Gaussian blur with edge reflection (numpy only)."""
    radius = int(math.ceil(3 * sigma))
    x = np.arange(-radius, radius + 1)
    k = np.exp(-0.5 * (x / sigma) ** 2)
    k /= k.sum()
    p = np.pad(z, radius, mode="reflect", reflect_type="odd")   # keeps edge slopes
    p = sum(k[i] * p[:, i:i + p.shape[1] - 2 * radius] for i in range(len(k)))
    p = sum(k[i] * p[i:i + p.shape[0] - 2 * radius, :] for i in range(len(k)))
    return p


def hillshade(z, dx, dy):
    """Illumination (0..1) of each pixel; z in metres, row 0 = north, dx/dy pixel size in m."""
    dz_drow, dz_dcol = np.gradient(z * EXAGGERATION)
    dz_de = dz_dcol / dx                    # slope towards east
    dz_dn = -dz_drow / dy                   # slope towards north (rows run south)
    az = math.radians(SUN_AZIMUTH)
    alt = math.radians(SUN_ALTITUDE)
    sun = (math.sin(az) * math.cos(alt), math.cos(az) * math.cos(alt), math.sin(alt))
    norm = np.sqrt(dz_de ** 2 + dz_dn ** 2 + 1.0)
    illum = (-dz_de * sun[0] - dz_dn * sun[1] + sun[2]) / norm
    return np.clip(illum, 0.0, 1.0)


def to_u8(a):
    return np.clip(np.rint(a), 0, 255).astype(np.uint8)


def edge_fade(h, w, width=40):
    """1 inside, falling smoothly to 0 over `width` pixels at the image's edges, so that the
    relief, which covers only the raw box, ends softly instead of in a hard rectangle."""
    def ramp(n):
        d = np.minimum(np.arange(n), np.arange(n)[::-1]).astype(np.float64)
        t = np.clip(d / width, 0, 1)
        return t * t * (3 - 2 * t)
    return np.outer(ramp(h), ramp(w))


def build_relief(raw):
    z = read_grid(raw)
    z, notes = repair_seams(z)
    up = upsample_bilinear(z, UPSAMPLE)
    up = gaussian(up, SMOOTH_SIGMA)
    h, w = up.shape
    dy = M_PER_DEG_LAT / (GRID_ROWS / (NORTH - SOUTH)) / UPSAMPLE
    dx = dy * math.cos(math.radians(MID_LAT))
    illum = hillshade(up, dx, dy)
    flat = math.sin(math.radians(SUN_ALTITUDE))
    shade = np.clip((flat - illum) / flat, 0, 1)             # 0 on flat, 1 facing away
    light = np.clip((illum - flat) / (1 - flat), 0, 1)       # 0 on flat, 1 facing the sun
    shadow_a = SHADOW_MAX_ALPHA * shade ** 0.8
    light_a = HIGHLIGHT_MAX_ALPHA * light
    rgba = np.zeros((h, w, 4), dtype=np.float64)
    is_shadow = shadow_a >= light_a
    for i in range(3):
        rgba[..., i] = np.where(is_shadow, SHADOW_RGB[i], HIGHLIGHT_RGB[i])
    rgba[..., 3] = np.where(is_shadow, shadow_a, light_a) * edge_fade(h, w)
    rgba = to_u8(rgba)
    # Fully transparent pixels get one colour (packs better) close to their neighbours', so a
    # renderer that filters without premultiplying shows no fringes.
    rgba[rgba[..., 3] == 0, :3] = SHADOW_RGB
    Image.fromarray(rgba, "RGBA").save(os.path.join(OUT, "relief.png"), optimize=True)

    # Hypsometric tint from the same smoothed elevation.
    stops = np.array(TINT_STOPS, dtype=np.float64)
    tint = np.zeros((h, w, 4), dtype=np.float64)
    for i in range(4):
        tint[..., i] = np.interp(up, stops[:, 0], stops[:, i + 1])
    tint[..., 3] *= edge_fade(h, w)
    tint = to_u8(tint)                         # below 300 m: first stop's colour, alpha 0
    Image.fromarray(tint, "RGBA").save(os.path.join(OUT, "relief_tint.png"), optimize=True)

    with open(os.path.join(OUT, "relief.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump({"west": WEST, "south": SOUTH, "east": EAST, "north": NORTH,
                   "width": w, "height": h,
                   "projection": "equirectangular (plate carrée), row 0 = north"}, f, indent=1)
        f.write("\n")
    return notes + [f"relief: {w}x{h}, dx {dx:.1f} m, dy {dy:.1f} m, elevation {z.min():.0f}..{z.max():.0f} m, "
            f"shadow alpha max {rgba[..., 3].max()}"]


# ---------------------------------------------------------------- main

def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    raw = sys.argv[1]
    os.makedirs(OUT, exist_ok=True)
    report = []
    # The countries, lakes and borders are the world's (build_world.py); here the region's
    # provinces, rivers, places and relief.
    report += build_lines(raw, "ne_10m_admin_1_states_provinces_lines_bbox.geojson",
                          "provinces.geojson", lambda p: {}, LINE_TOLERANCE)
    report += build_lines(raw, "gshhg237_wdbii_river_full_bbox.geojson", "rivers.geojson",
                          lambda p: {"level": int(p["wdbii_level"])}, LINE_TOLERANCE)
    report += build_places(raw)
    report += build_relief(raw)
    for line in report:
        print(line)
    for name in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(os.path.join(OUT, name)):>9}  {name}")


if __name__ == "__main__":
    main()
